/** A moment as a wall clock in some zone shows it: the local day (YYYY-MM-DD) and hour (0–23). */
export interface LocalTime {
  day: string;
  hour: number;
}

/** A converter from epoch milliseconds to local day and hour in an IANA zone; results are memoised per instant. */
export function localClock(timeZone: string): (at: number) => LocalTime {
  const format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' });
  const memo = new Map<number, LocalTime>();
  return (at) => {
    const known = memo.get(at);
    if (known !== undefined) return known;
    const parts = Object.fromEntries(format.formatToParts(at).map((part) => [part.type, part.value]));
    const local = { day: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) % 24 };
    memo.set(at, local);
    return local;
  };
}
