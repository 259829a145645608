// google.protobuf.Timestamp as protojson writes it: RFC 3339 in UTC with 0, 3, 6 or 9 fractional
// digits. Flow times carry nanoseconds, which a JS Date cannot hold, so parsing is done by hand.

export interface ProtoTimestamp {
  seconds: number;
  nanos: number;
}

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

export function parseTimestamp(text: string): ProtoTimestamp | null {
  const m = RFC3339.exec(text);
  if (!m) return null;
  const [, year, month, day, hour, minute, second, fraction = "", , sign, offsetHours, offsetMinutes] = m;
  let utcMs = Date.UTC(
    Number(year),
    Number(month) - 1,
    Number(day),
    Number(hour),
    Number(minute),
    Number(second),
  );
  // Date.UTC reads years 0–99 as 1900–1999.
  if (Number(year) < 100) utcMs = new Date(utcMs).setUTCFullYear(Number(year));
  if (Number.isNaN(utcMs)) return null;
  const offsetSeconds = sign
    ? (sign === "-" ? -1 : 1) * (Number(offsetHours) * 3600 + Number(offsetMinutes) * 60)
    : 0;
  return { seconds: utcMs / 1000 - offsetSeconds, nanos: Number(fraction.padEnd(9, "0")) };
}

export function formatTimestamp({ seconds, nanos }: ProtoTimestamp): string {
  const base = new Date(seconds * 1000).toISOString().slice(0, 19);
  if (nanos === 0) return `${base}Z`;
  const digits = String(nanos).padStart(9, "0");
  const fraction =
    nanos % 1_000_000 === 0 ? digits.slice(0, 3) : nanos % 1_000 === 0 ? digits.slice(0, 6) : digits;
  return `${base}.${fraction}Z`;
}

export function timestampToMs({ seconds, nanos }: ProtoTimestamp): number {
  return seconds * 1000 + Math.floor(nanos / 1_000_000);
}

export function msToTimestamp(ms: number): ProtoTimestamp {
  const seconds = Math.floor(ms / 1000);
  return { seconds, nanos: Math.round((ms - seconds * 1000) * 1_000_000) };
}
