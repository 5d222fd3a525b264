/** Milliseconds a zone is ahead of UTC at an instant. */
function zoneOffsetMs(timeZone: string, at: number): number {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(at).map((part) => [part.type, part.value]));
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour) % 24, Number(parts.minute), Number(parts.second));
  return asUtc - Math.floor(at / 1000) * 1000;
}

/** The instant a local day (YYYY-MM-DD) starts in a zone, as ISO. */
export function startOfDayIn(day: string, timeZone: string): string {
  const [year, month, date] = day.split('-').map(Number);
  const guess = Date.UTC(year ?? 1970, (month ?? 1) - 1, date ?? 1);
  const first = guess - zoneOffsetMs(timeZone, guess);
  // Once more at the corrected instant, in case a DST change lies between.
  return new Date(guess - zoneOffsetMs(timeZone, first)).toISOString();
}

/** Today's date (YYYY-MM-DD) in a zone, shifted by some days. */
export function localDay(timeZone: string, shiftDays = 0, now = Date.now()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now + shiftDays * 86_400_000);
}

/** Time zones offered: the workspace's, the browser's, UTC, then every zone the browser knows. */
export function timeZoneChoices(workspaceZone: string): string[] {
  const browser = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return [...new Set([workspaceZone, browser, 'UTC', ...known])];
}
