// The theme: the system's (nothing stored), or light or dark, kept in this browser. public/theme.js
// applies the stored choice before the first paint (and follows other tabs); this changes it.

export type Theme = 'system' | 'light' | 'dark';

const KEY = 'ripple.theme';

export function storedTheme(): Theme {
  try {
    const value = localStorage.getItem(KEY);
    return value === 'light' || value === 'dark' ? value : 'system';
  } catch {
    return 'system';
  }
}

export function setTheme(theme: Theme): void {
  try {
    if (theme === 'system') localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, theme);
  } catch {
    // Storage blocked: it applies to this page only.
  }
  if (theme === 'system') document.documentElement.removeAttribute('data-theme');
  else document.documentElement.setAttribute('data-theme', theme);
}
