//! Stored Rego policies (text only; the sandbox never executes them).

use rusqlite::{params, Connection, OptionalExtension, Row};

#[derive(Clone, Debug)]
pub struct PolicyRow {
    pub id: String,
    pub name: String,
    pub content: String,
    pub description: Option<String>,
    pub version: String,
    pub created_at: String,
    pub updated_at: String,
}

const COLS: &str = "id, name, content, description, version, created_at, updated_at";

fn from_row(r: &Row) -> rusqlite::Result<PolicyRow> {
    Ok(PolicyRow {
        id: r.get(0)?,
        name: r.get(1)?,
        content: r.get(2)?,
        description: r.get(3)?,
        version: r.get(4)?,
        created_at: r.get(5)?,
        updated_at: r.get(6)?,
    })
}

pub fn insert(c: &Connection, p: &PolicyRow) -> rusqlite::Result<()> {
    c.execute(
        &format!("INSERT INTO policies ({COLS}) VALUES (?1,?2,?3,?4,?5,?6,?7)"),
        params![
            p.id,
            p.name,
            p.content,
            p.description,
            p.version,
            p.created_at,
            p.updated_at
        ],
    )?;
    Ok(())
}

pub fn update(c: &Connection, p: &PolicyRow) -> rusqlite::Result<()> {
    c.execute(
        "UPDATE policies SET name=?2, content=?3, version=?4, updated_at=?5 WHERE id=?1",
        params![p.id, p.name, p.content, p.version, p.updated_at],
    )?;
    Ok(())
}

pub fn delete(c: &Connection, id: &str) -> rusqlite::Result<usize> {
    c.execute("DELETE FROM policies WHERE id=?1", [id])
}

pub fn get(c: &Connection, id: &str) -> rusqlite::Result<Option<PolicyRow>> {
    c.query_row(
        &format!("SELECT {COLS} FROM policies WHERE id=?1"),
        [id],
        from_row,
    )
    .optional()
}

pub fn list(c: &Connection) -> rusqlite::Result<Vec<PolicyRow>> {
    let mut st = c.prepare(&format!(
        "SELECT {COLS} FROM policies ORDER BY created_at, id"
    ))?;
    let rows = st.query_map([], from_row)?;
    rows.collect()
}

/// The package declared in Rego source, e.g. `mcp.authorization`.
pub fn package_of(content: &str) -> Option<String> {
    content.lines().find_map(|l| {
        let l = l.trim();
        let rest = l.strip_prefix("package")?;
        if !rest.starts_with(char::is_whitespace) {
            return None;
        }
        let pkg = rest.split_whitespace().next()?.to_string();
        (!pkg.is_empty()).then_some(pkg)
    })
}

/// Names of the rules defined at the top level, in order of first appearance.
pub fn rules_of(content: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in content.lines() {
        if line.starts_with(char::is_whitespace) {
            continue;
        }
        let l = line.trim();
        if l.is_empty()
            || l.starts_with('#')
            || l.starts_with("package")
            || l.starts_with("import")
            || l.starts_with('}')
        {
            continue;
        }
        let l = l.strip_prefix("default ").unwrap_or(l).trim_start();
        let ident: String = l
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if ident.is_empty() || ident.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            continue;
        }
        let rest = l[ident.len()..].trim_start();
        let is_rule = rest.starts_with(":=")
            || rest.starts_with('=')
            || rest.starts_with('{')
            || rest.starts_with('[')
            || rest.starts_with('(')
            || rest.starts_with("if")
            || rest.starts_with("contains")
            || rest.is_empty();
        if is_rule && !out.contains(&ident) {
            out.push(ident);
        }
    }
    out
}

/// The `path` of `PolicyInfo`: `/v1/data/` + package with dots replaced by slashes.
pub fn data_path(p: &PolicyRow) -> String {
    let pkg = package_of(&p.content).unwrap_or_else(|| p.id.clone());
    format!("/v1/data/{}", pkg.replace('.', "/"))
}

/// Basic checks shared by `/policy/validate` and policy writes: (errors, warnings).
pub fn check(content: &str) -> (Vec<String>, Vec<String>) {
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    if content.trim().is_empty() {
        errors.push("Policy content is empty".to_string());
    }
    if package_of(content).is_none() {
        errors.push("Policy must declare a package".to_string());
    }
    let allows_all = content.lines().any(|l| {
        let compact: String = l.chars().filter(|c| !c.is_whitespace()).collect();
        compact.starts_with("defaultallow")
            && (compact.ends_with("=true") || compact.contains("=true#"))
    });
    if allows_all {
        warnings.push(
            "Policy has 'default allow = true' - this allows all actions by default".to_string(),
        );
    }
    (errors, warnings)
}
