// Sets the saved theme (light/dark/system) on <html> before first paint: no flash, no inline script.
(function () {
  var p = "system";
  try { p = localStorage.getItem("sark-theme") || "system"; } catch (e) { /* storage blocked */ }
  if (p === "dark" || (p !== "light" && window.matchMedia && matchMedia("(prefers-color-scheme: dark)").matches)) {
    document.documentElement.classList.add("dark");
  }
})();
