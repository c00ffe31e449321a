/**
 * Gauges in the Prometheus text format 0.0.4 (the one node_exporter's
 * textfile collector and promtool read), written here rather than by
 * prom-client: the format is a few lines per family, and prom-client took
 * ~50 ms to load on every run. The output is held byte for byte to
 * prom-client's in test/export/prom-text.unit.test.ts.
 */

export interface GaugeSample {
  labels: Record<string, string>;
  value: number;
}

export interface Gauge {
  name: string;
  help: string;
  samples: readonly GaugeSample[];
}

/** Each gauge as `# HELP`, `# TYPE` and its samples; a blank line between gauges. */
export function renderGauges(gauges: readonly Gauge[], defaultLabels: Record<string, string>) {
  return gauges.map((g) => `${gaugeText(g, defaultLabels)}\n`).join("\n");
}

function gaugeText(gauge: Gauge, defaultLabels: Record<string, string>): string {
  const lines = [`# HELP ${gauge.name} ${escapeHelp(gauge.help)}`, `# TYPE ${gauge.name} gauge`];
  for (const sample of gauge.samples) {
    // A sample's own labels first, in their order; then the defaults it does not set.
    const labels = { ...sample.labels };
    for (const [name, value] of Object.entries(defaultLabels))
      if (!(name in labels)) labels[name] = value;
    const pairs = Object.entries(labels).map(([name, value]) => `${name}="${escapeLabel(value)}"`);
    lines.push(
      `${gauge.name}${pairs.length > 0 ? `{${pairs.join(",")}}` : ""} ${valueText(sample.value)}`,
    );
  }
  return lines.join("\n");
}

/** HELP text: backslash and newline escaped (quotes stay). */
function escapeHelp(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
}

/** A label value: backslash, double quote and newline escaped. */
function escapeLabel(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}

/** Go's float spelling for the special values; JavaScript's shortest round-trip form otherwise. */
function valueText(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "+Inf";
  if (value === -Infinity) return "-Inf";
  return `${value}`;
}
