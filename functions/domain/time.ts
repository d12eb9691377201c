const WITA = new Intl.DateTimeFormat('id-ID', {
  timeZone: 'Asia/Makassar',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** Times are stored as UTC ISO 8601 and shown in WITA (Asia/Makassar, UTC+8). */
export function formatWita(isoUtc: string): string {
  return `${WITA.format(new Date(isoUtc))} WITA`;
}
