// The same "first-screen" mark Scriptix Desk sets: the frame after its first screen is in
// the page (a separate file: the CSP allows no inline script).
addEventListener("DOMContentLoaded", () =>
  requestAnimationFrame(() => requestAnimationFrame(() => performance.mark("first-screen"))),
);
