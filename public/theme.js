// Runs before first paint: puts the `dark` class on <html> from the saved preference
// (light / dark / system), so there is no flash of the wrong theme. Only a preference is stored.
(function () {
  var pref = "system";
  try {
    pref = localStorage.getItem("sark-theme") || "system";
  } catch (e) {
    // Storage blocked (privacy mode): follow the system.
  }
  var dark = pref === "dark" || (pref !== "light" && window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches);
  if (dark) document.documentElement.classList.add("dark");
})();
