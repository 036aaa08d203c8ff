// The theme chosen in Settings (light or dark; none: the system's), applied before the first paint: a
// classic script in <head> runs before the body is drawn, so a dark choice never flashes light. It
// follows a choice made in another tab too. Kept tiny and plain (not bundled): it loads on every visit.
(function () {
  var KEY = 'ripple.theme';
  function apply(value) {
    if (value === 'light' || value === 'dark')
      document.documentElement.setAttribute('data-theme', value);
    else document.documentElement.removeAttribute('data-theme');
  }
  try {
    apply(localStorage.getItem(KEY));
  } catch {
    // Storage blocked: the system's theme.
  }
  addEventListener('storage', function (e) {
    if (e.key === KEY) apply(e.newValue);
  });
})();
