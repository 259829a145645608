import { writeFileSync } from "node:fs";
import os from "node:os";
import { graphPaint } from "./graph-paint";
import {
  cleanUp,
  formatFigure,
  formatNumber,
  formatTarget,
  cleanUpNow,
  loadAverage,
  meets,
  type Benchmark,
  type BenchResult,
} from "./harness";
import { ingest } from "./ingest";
import { memory } from "./memory";
import { posture } from "./posture";
import { renderBench } from "./render";
import { whatIfBench } from "./what-if";

// `npm run bench` runs every benchmark; `npm run bench -- posture ingest` runs those. Figures are
// printed, each headline next to its issue's target; a missed target is reported, not a failure.
// Ratios to baselines measured in the same run (unit "×") are what compares across machines.
// `--json FILE` also writes every figure, ratio and note to FILE, with the machine they came from.

const DEFAULT_JSON = "bench-results.json";

const BENCHMARKS: Benchmark[] = [posture, ingest, memory, graphPaint, renderBench, whatIfBench];

function parseArgs(argv: string[]): { names: string[]; json: string | null } {
  const names: string[] = [];
  let json: string | null = null;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg === "--json") {
      // `--json` alone (or before a benchmark's name) writes the default file.
      const next = argv[i + 1];
      const isFile = next !== undefined && !next.startsWith("-") && !BENCHMARKS.some((b) => b.name === next);
      json = isFile ? next : DEFAULT_JSON;
      if (isFile) i += 1;
    } else if (arg === "--help" || arg === "-h") {
      process.stdout.write(
        `usage: npm run bench [-- NAME… [--json [FILE]]]  (FILE defaults to ${DEFAULT_JSON})\nbenchmarks: ${BENCHMARKS.map((b) => b.name).join(", ")}\n`,
      );
      process.exit(0);
    } else names.push(arg);
  }
  return { names, json };
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + " ".repeat(width - text.length);
}

function summary(results: BenchResult[], failures: Map<string, string>): string {
  const rows: string[][] = [["benchmark", "figure", "value", "target", ""]];
  for (const result of results) {
    for (const figure of result.figures) {
      const ok = meets(figure);
      rows.push([
        result.name,
        figure.label,
        `${formatNumber(figure.value, figure.digits ?? 1)} ${figure.unit}`,
        formatTarget(figure),
        ok === null ? "" : ok ? "met" : "MISSED",
      ]);
    }
  }
  for (const [name, message] of failures)
    rows.push([name, "did not run to the end", "", "", message.split("\n")[0]!]);
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: string[]) =>
    row
      .map((cell, column) => pad(cell, widths[column]!))
      .join("  ")
      .trimEnd();
  return [line(rows[0]!), widths.map((w) => "-".repeat(w)).join("  "), ...rows.slice(1).map(line)].join("\n");
}

async function main(): Promise<number> {
  const { names, json } = parseArgs(process.argv.slice(2));
  const unknown = names.filter((name) => !BENCHMARKS.some((b) => b.name === name));
  if (unknown.length > 0) {
    process.stderr.write(
      `bench: unknown benchmark ${unknown.join(", ")} (known: ${BENCHMARKS.map((b) => b.name).join(", ")})\n`,
    );
    return 2;
  }
  const selected = names.length > 0 ? BENCHMARKS.filter((b) => names.includes(b.name)) : BENCHMARKS;
  const machine = {
    node: process.versions.node,
    platform: `${process.platform}/${process.arch}`,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    memoryGB: Math.round(os.totalmem() / 2 ** 30),
    startedAt: new Date().toISOString(),
    loadAverageBefore: loadAverage(),
    loadAverageAfter: "",
  };
  process.stdout.write(
    `Sieve benchmarks on Node ${machine.node}, ${machine.platform}, ${machine.cpus} CPUs (${machine.cpuModel}), ` +
      `load average ${machine.loadAverageBefore}\n`,
  );

  const results: BenchResult[] = [];
  const failures = new Map<string, string>();
  for (const benchmark of selected) {
    process.stdout.write(`\n== ${benchmark.name} (issue ${benchmark.issue}): ${benchmark.goal}\n`);
    const started = performance.now();
    const log = (line: string) => process.stdout.write(`   ${line}\n`);
    try {
      const loadBefore = loadAverage();
      const measured = await benchmark.run(log);
      const result = {
        ...measured,
        notes: [
          `load average at start: ${loadBefore}`,
          ...measured.notes,
          `load average at end: ${loadAverage()}`,
        ],
      };
      results.push(result);
      for (const figure of result.figures) log(formatFigure(figure));
      for (const note of result.notes) log(`· ${note}`);
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      failures.set(benchmark.name, message);
      process.stdout.write(`   FAILED: ${message}\n`);
    } finally {
      await cleanUp();
    }
    log(`(${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }

  machine.loadAverageAfter = loadAverage();
  process.stdout.write(`\n== summary\n${summary(results, failures)}\n`);
  process.stdout.write(
    `load average before ${machine.loadAverageBefore}, after ${machine.loadAverageAfter} (1, 5, 15 min)\n`,
  );
  if (json) {
    writeFileSync(
      json,
      `${JSON.stringify({ machine, results, failures: Object.fromEntries(failures) }, null, 2)}\n`,
    );
    process.stdout.write(`results written to ${json}\n`);
  }
  return failures.size > 0 ? 1 : 0;
}

process.on("exit", cleanUpNow);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    process.stderr.write(`\nbench: ${signal}, cleaning up…\n`);
    void cleanUp().finally(() => process.exit(130));
  });
}

main().then(
  async (code) => {
    await cleanUp();
    process.exit(code);
  },
  async (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    await cleanUp();
    process.exit(1);
  },
);
