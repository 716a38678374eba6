"use strict";
// Sort the rows: press a key's button; press it again to reverse. Ties fall back to the name.
(() => {
  const body = document.querySelector("#videos tbody");
  const buttons = [...document.querySelectorAll("nav.sort button[data-key]")];
  const numeric = new Set(["duration", "size", "seconds"]);
  const compare = (key) => (a, b) => numeric.has(key)
    ? Number(a.dataset[key]) - Number(b.dataset[key])
    : a.dataset[key].localeCompare(b.dataset[key], undefined, { numeric: true });

  function sort(button) {
    const again = button.getAttribute("aria-pressed") === "true";
    const direction = again && button.dataset.direction === "ascending" ? -1 : 1;
    const byKey = compare(button.dataset.key);
    const byName = compare("name");
    const rows = [...body.rows].sort((a, b) => direction * byKey(a, b) || byName(a, b));
    body.append(...rows);
    for (const b of buttons) { b.setAttribute("aria-pressed", "false"); delete b.dataset.direction; }
    button.setAttribute("aria-pressed", "true");
    button.dataset.direction = direction > 0 ? "ascending" : "descending";
  }
  for (const button of buttons) button.addEventListener("click", () => sort(button));
})();
