import { useState } from 'preact/hooks';
import { setTheme, storedTheme, type Theme } from '../theme.js';

const CHOICES: [Theme, string, string][] = [
  ['system', 'System', "this device's setting"],
  ['light', 'Light', ''],
  ['dark', 'Dark', ''],
];

/** Light, dark or the system's: applied at once, and kept in this browser. */
export function ThemeSection() {
  const [theme, choose] = useState(storedTheme);
  return (
    <fieldset class="settings-theme">
      <legend class="visually-hidden">Theme</legend>
      {CHOICES.map(([value, label, hint]) => (
        <label key={value} class="check">
          <input
            type="radio"
            name="theme"
            value={value}
            checked={theme === value}
            onChange={() => {
              setTheme(value);
              choose(value);
            }}
          />
          {label}
          {hint && <small>({hint})</small>}
        </label>
      ))}
      <p class="settings-note">Kept in this browser only.</p>
    </fieldset>
  );
}
