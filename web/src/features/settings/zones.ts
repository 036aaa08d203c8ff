/** Every IANA time zone this browser knows, with UTC and the browser's own (which may be an alias) among them. */
export function timeZones(browserZone: string): string[] {
  const known =
    typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return [...new Set(['UTC', browserZone, ...known])].sort();
}

/** "GMT+01:00" now, for a zone (empty for one the browser cannot name). */
export function offsetOf(zone: string, at = new Date()): string {
  try {
    return (
      new Intl.DateTimeFormat('en', { timeZone: zone, timeZoneName: 'longOffset' })
        .formatToParts(at)
        .find((p) => p.type === 'timeZoneName')?.value ?? ''
    );
  } catch {
    return '';
  }
}

/** The zone in `zones` that `typed` names, ignoring case ("europe/berlin"), or undefined. */
export const findZone = (zones: readonly string[], typed: string) =>
  zones.find((z) => z.toLowerCase() === typed.trim().toLowerCase());
