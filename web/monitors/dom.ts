// Small DOM and formatting helpers of the monitor pages (no framework: the pages are a few tables and charts).

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | ((event: Event) => void)>;

/** An element with attributes (on* keys are listeners; false/null/undefined are left out) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (value === true) el.setAttribute(key, '');
    else if (value !== false && value !== null && value !== undefined) el.setAttribute(key, String(value));
  }
  for (const child of children) if (child !== null && child !== undefined && child !== false) el.append(child instanceof Node ? child : String(child));
  return el;
}

const DATE_TIME = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

/** A time as the reader's local date and time; '—' for none. */
export const when = (iso: string | null | undefined): string => (iso ? DATE_TIME.format(new Date(iso)) : '—');

/** "3 min ago", "in 2 h": how far a time is from now. */
export function relative(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '—';
  const diff = Date.parse(iso) - now;
  const abs = Math.abs(diff) / 1000;
  const text = abs < 60 ? `${Math.round(abs)} s` : abs < 3600 ? `${Math.round(abs / 60)} min` : abs < 172_800 ? `${Math.round(abs / 3600)} h` : `${Math.round(abs / 86_400)} d`;
  return diff < 0 ? `${text} ago` : `in ${text}`;
}

/** A metric value with 3 significant digits (or as an integer when large). */
export const num = (v: number | null | undefined): string => (v === null || v === undefined ? '—' : Math.abs(v) >= 1000 ? v.toFixed(0) : Number(v.toPrecision(3)).toString());

export const TYPE_LABELS: Record<string, string> = {
  DATA_QUALITY: 'Data quality',
  MODEL_QUALITY: 'Model quality',
  MODEL_BIAS: 'Bias drift',
  MODEL_EXPLAINABILITY: 'Feature attribution',
};

/** A health or execution status as a coloured badge (the class is the status). */
export const badge = (status: string): HTMLElement => h('span', { class: `badge s-${status.toLowerCase()}` }, status.replace(/_/g, ' '));
