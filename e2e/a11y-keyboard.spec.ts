// Keyboard and screen-reader behaviour of issue #11: dialogs keep and return focus, the drawer
// closes on Escape and after choosing a page, the skip link moves focus, every route has its own
// title and in-app navigation focuses the page heading, shortcuts stay quiet in dialogs and
// fields and can be turned off, and the command palette works end to end.
import { test, expect, login, resetSandbox } from './fixtures';
import type { Locator, Page } from '@playwright/test';

test.afterEach(async () => {
  await resetSandbox();
});

const focusInside = (dialog: Locator) => dialog.evaluate((d) => d.contains(document.activeElement));

/** Tab and Shift+Tab twenty times each: focus never leaves `dialog`. */
async function expectTrapped(page: Page, dialog: Locator): Promise<void> {
  expect(await focusInside(dialog)).toBe(true);
  for (const key of ['Tab', 'Shift+Tab']) {
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press(key);
      expect(await focusInside(dialog), `${key} #${i + 1} stays in the dialog`).toBe(true);
    }
  }
}

test('every dialog takes focus, keeps Tab inside, makes the page inert and returns focus', async ({ page }) => {
  await login(page);

  // API keys: create (Escape) and a confirm dialog (Cancel).
  await page.goto('/api-keys');
  const create = page.getByRole('button', { name: 'Create API key' });
  await create.click();
  const dialog = page.getByRole('dialog', { name: 'Create API key' });
  await expect(dialog.getByLabel('Name')).toBeFocused();
  await expectTrapped(page, dialog);
  // The page behind is inert: a click there does nothing.
  expect(await page.evaluate(() => document.querySelector('main')?.matches(':modal') ?? false)).toBe(false);
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(create).toBeFocused();

  const revoke = page.getByRole('button', { name: 'Revoke ci-pipeline' });
  await revoke.click();
  const confirm = page.getByRole('dialog', { name: 'Revoke API key' });
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await expectTrapped(page, confirm);
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(revoke).toBeFocused();

  // Audit: event detail.
  await page.goto('/audit?period=custom&from=2000-01-01T00:00');
  const open = page.getByTestId('audit-rows').locator('tr:not([aria-hidden])').first().getByRole('button');
  await open.click();
  const detail = page.getByRole('dialog', { name: 'Audit event' });
  await expectTrapped(page, detail);
  await page.keyboard.press('Escape');
  await expect(detail).toHaveCount(0);
  await expect(open).toBeFocused();

  // Keyboard help the very first time (its code is fetched on demand).
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.locator('body').press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  expect(await focusInside(help)).toBe(true);
  await expectTrapped(page, help);
  await page.keyboard.press('Escape');
  await expect(help).toHaveCount(0);
});

test('no single-key shortcut inside a dialog or a field', async ({ page }) => {
  await login(page);
  await page.goto('/api-keys');
  await page.getByRole('button', { name: 'Create API key' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create API key' });
  await dialog.getByLabel('Name').fill('half-filled');
  // Focus on a checkbox (not a text field): `g s` must still not navigate away.
  await dialog.getByLabel('audit:read').focus();
  await page.keyboard.press('g');
  await page.keyboard.press('s');
  await page.keyboard.press('t');
  await expect(page).toHaveURL(/\/api-keys/);
  await expect(dialog.getByLabel('Name')).toHaveValue('half-filled');
  await page.keyboard.press('Escape');

  await page.goto('/servers');
  await page.getByLabel(/search/i).first().fill('');
  await page.getByLabel(/search/i).first().press('g');
  await page.getByLabel(/search/i).first().press('a');
  await expect(page).toHaveURL(/\/servers/);
});

test('single-key shortcuts can be turned off, and the setting is remembered', async ({ page }) => {
  await login(page);
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.locator('body').press('g');
  await page.keyboard.press('s');
  await expect(page).toHaveURL(/\/servers$/);

  await page.getByTestId('user-menu').click();
  const setting = page.getByRole('checkbox', { name: 'Single-key shortcuts' });
  await expect(setting).toBeChecked();
  await setting.uncheck();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('user-menu')).toBeFocused();
  await expect(page.getByTestId('user-menu')).toHaveAttribute('aria-expanded', 'false');

  await page.locator('body').press('g');
  await page.keyboard.press('a');
  await expect(page).toHaveURL(/\/servers$/);
  // Modifier shortcuts keep working.
  await page.keyboard.press('Control+k');
  await expect(page.getByRole('dialog', { name: 'Command palette' })).toBeVisible();
  await page.keyboard.press('Escape');

  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.locator('body').press('g');
  await page.keyboard.press('k');
  await expect(page).toHaveURL(/\/servers$/);
  // Back on from the keyboard help.
  await page.keyboard.press('Control+/');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await help.getByRole('checkbox', { name: /Single-key shortcuts/ }).check();
  await page.keyboard.press('Escape');
  await page.locator('body').press('g');
  await page.keyboard.press('k');
  await expect(page).toHaveURL(/\/api-keys$/);
});

test('skip link, per-route titles and focus on the new page heading', async ({ page }) => {
  await page.goto('/login');
  await expect(page).toHaveTitle('Sign in · SARK Console');
  await login(page);
  await expect(page).toHaveTitle('Dashboard · SARK Console');
  // First load: focus is not moved.
  expect(await page.evaluate(() => document.activeElement?.tagName)).not.toBe('H1');

  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();

  for (const [link, title, heading] of [
    ['Servers', 'Servers · SARK Console', 'Servers'],
    ['Audit log', 'Audit log · SARK Console', 'Audit log'],
    ['API keys', 'API keys · SARK Console', 'API Keys'],
  ]) {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: link }).click();
    await expect(page).toHaveTitle(title);
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeFocused();
  }
  await page.goto('/no/such/page');
  await expect(page).toHaveTitle('Page not found · SARK Console');
});

test('the mobile drawer traps focus, closes on Escape and after choosing a page', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await login(page);
  const menu = page.getByRole('button', { name: 'Open navigation' });
  await menu.click();
  const drawer = page.getByRole('dialog', { name: 'Navigation' });
  await expect(drawer).toBeVisible();
  await expectTrapped(page, drawer);
  await page.keyboard.press('Escape');
  await expect(drawer).toHaveCount(0);
  await expect(menu).toBeFocused();

  await menu.click();
  await drawer.getByRole('link', { name: 'Policies' }).click();
  await expect(page).toHaveURL(/\/policies$/);
  await expect(drawer).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1, name: 'Policies' })).toBeFocused();
  // Choosing the page already shown closes it too.
  await menu.click();
  await drawer.getByRole('link', { name: 'Policies' }).click();
  await expect(drawer).toHaveCount(0);
});

test('the user-menu button is named at phone width and the login tabs follow the APG', async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  await page.goto('/login');
  const tabs = page.getByRole('tablist', { name: 'Sign-in method' });
  const username = tabs.getByRole('tab', { name: 'Username' });
  await expect(username).toHaveAttribute('aria-selected', 'true');
  await username.focus();
  await page.keyboard.press('ArrowRight');
  const token = tabs.getByRole('tab', { name: 'Access token' });
  await expect(token).toBeFocused();
  await expect(token).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tabpanel')).toContainText('Access token');
  await expect(token).toHaveAttribute('aria-controls', 'login-panel');
  await page.keyboard.press('Home');
  await expect(username).toBeFocused();
  await expect(page.getByRole('tabpanel').getByLabel('Password')).toBeVisible();

  await login(page);
  await expect(page.getByRole('button', { name: /admin/i, expanded: false })).toBeVisible();
});

test('command palette: pages, actions, servers by name, recent first', async ({ page }) => {
  await login(page);
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const trigger = page.getByTestId('palette-button');

  // Ctrl+K, fuzzy page match, Enter.
  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  const box = palette.getByRole('combobox');
  await expect(box).toBeFocused();
  await box.fill('adt lg');
  await expect(palette.getByRole('option').first()).toContainText('Audit log');
  await expect(box).toHaveAttribute('aria-activedescendant', 'palette-opt-0');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/audit/);
  await expect(palette).toHaveCount(0);

  // Servers by name through the server-side search; arrows move the active option.
  await trigger.click();
  await box.fill('postgres-analytics');
  const option = palette.getByRole('option', { name: /postgres-analytics/ }).first();
  await expect(option).toBeVisible();
  const name = (await option.locator('bdi').textContent()) ?? '';
  const index = Number((await option.getAttribute('id'))?.replace('palette-opt-', ''));
  for (let i = 0; i < index; i++) await page.keyboard.press('ArrowDown');
  await expect(option).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/servers\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();

  // Recent choices lead an empty query; Escape closes and gives focus back.
  await trigger.click();
  await expect(palette.getByRole('option').first()).toContainText(name);
  await expect(palette.getByRole('option').nth(1)).toContainText('Audit log');
  await page.keyboard.press('Escape');
  await expect(palette).toHaveCount(0);
  await expect(trigger).toBeFocused();

  // Actions: toggle the theme; create an API key opens the form.
  await trigger.click();
  await box.fill('toggle theme');
  const before = await page.evaluate(() => localStorage.getItem('sark-theme'));
  await page.keyboard.press('Enter');
  await expect.poll(() => page.evaluate(() => localStorage.getItem('sark-theme'))).not.toBe(before);
  await trigger.click();
  await box.fill('create api key');
  await page.keyboard.press('Enter');
  const create = page.getByRole('dialog', { name: 'Create API key' });
  await expect(create).toBeVisible();
  await expect(create.getByLabel('Name')).toBeFocused();
});
