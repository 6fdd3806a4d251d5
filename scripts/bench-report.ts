import { sql } from "drizzle-orm";
import { getDb } from "@/db";
import { loadActor } from "@/lib/auth/load-actor";
import { messageReportPageSql } from "@/db/queries/message-report";
import type { Actor } from "@/lib/auth/capabilities";
import { prepareMessageReportExport } from "@/lib/reports/export-message-report";
import { listMessageReport } from "@/lib/reports/list-message-report";
import { encodeReportCursor } from "@/lib/reports/message-report-cursor";
import { messageReportPageInputSchema } from "@/lib/reports/message-report-schemas";
import { resolveReportSearch } from "@/lib/reports/resolve-report-search";
import { measureDashboard } from "./bench-dashboard";
import { percentile, runBench } from "./bench-env";
import { loadBenchData, readBenchData } from "./bench-report-data";
import { benchSendResults } from "./bench-report-results";

/**
 * `npm run bench:report`: the Message Report at a million messages (SPEC §7). Loads
 * BENCH_MESSAGES messages, then for each filter combination prints the p95 of the page query
 * inside PostgreSQL (EXPLAIN ANALYZE's execution time of exactly the SQL the app runs) and of
 * the whole page service call the page makes (name look-ups, query, status history, cursors),
 * page 1 against page 10,000 (jumped to by its cursor), and the full CSV export with peak RSS.
 * Targets: ≤ 5 ms p95 in the database, ≤ 100 ms per page, page 10,000 ≤ 2 × page 1, flat memory.
 *
 * Then (issue 18) the results page of a 50,000-recipient send on the same database
 * (scripts/bench-report-results.ts) and the administrators' dashboard, each p95 ≤ 100 ms per page,
 * printed as a line of their own after the report's last line.
 */
const TOTAL = Number(process.env.BENCH_MESSAGES ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const PAGE = 50;
const FAR_PAGE = Math.min(10_000, Math.floor(TOTAL / PAGE));

type Combo = { name: string; as: "admin" | "advisor"; filters: (run: number) => Record<string, string> };

/** BENCH_REUSE=1 measures the data a previous run loaded (for trying indexes); otherwise a fresh load. */
const REUSE = process.env.BENCH_REUSE === "1";

await runBench({ database: "bench_report", reuseDatabase: REUSE }, async () => {
  const started = performance.now();
  const db = getDb();
  const data = REUSE ? await readBenchData(db) : await loadBenchData(db, TOTAL);
  const loadSeconds = (performance.now() - started) / 1000;
  const admin = (await loadActor(db, data.adminUserId))!;
  const advisor = (await loadActor(db, data.advisorUserId))!;

  const daysBack = (n: number) => new Date(data.newest.getTime() - n * 86_400_000).toISOString().slice(0, 10);
  const day = (run: number) => daysBack(1 + (run % 28));
  const staffOf = (run: number) => data.staff[run % data.staff.length];
  const studentOf = (run: number) => data.students[(run * 37) % data.students.length];
  const combos: Combo[] = [
    { name: "no filter", as: "admin", filters: () => ({}) },
    { name: "from person (id)", as: "admin", filters: (r) => ({ from: staffOf(r).personId }) },
    { name: "from name (5 people)", as: "admin", filters: (r) => ({ from: staffOf(r).firstName }) },
    { name: "from number", as: "admin", filters: (r) => ({ from: staffOf(r).number }) },
    { name: "to person", as: "admin", filters: (r) => ({ to: studentOf(r).personId }) },
    { name: "destination number", as: "admin", filters: (r) => ({ destination: studentOf(r).number }) },
    { name: "destination email", as: "admin", filters: (r) => ({ destination: studentOf(r).email }) },
    { name: "channel EMAIL", as: "admin", filters: () => ({ channel: "EMAIL" }) },
    { name: "status failed", as: "admin", filters: () => ({ status: "failed" }) },
    { name: "status pending", as: "admin", filters: () => ({ status: "pending" }) },
    { name: "reason TWILIO_INVALID_NUMBER", as: "admin", filters: () => ({ reason: "TWILIO_INVALID_NUMBER" }) },
    { name: "reason UNDELIVERABLE", as: "admin", filters: () => ({ reason: "UNDELIVERABLE" }) },
    { name: "date range (1 day)", as: "admin", filters: (r) => ({ dateFrom: day(r), dateTo: day(r) }) },
    { name: "channel SMS + status undelivered", as: "admin", filters: () => ({ channel: "SMS", status: "undelivered" }) },
    { name: "channel EMAIL + status received (empty)", as: "admin", filters: () => ({ channel: "EMAIL", status: "received" }) },
    { name: "channel EMAIL + reason TWILIO_INVALID_NUMBER", as: "admin", filters: () => ({ channel: "EMAIL", reason: "TWILIO_INVALID_NUMBER" }) },
    { name: "status failed + date range", as: "admin", filters: (r) => ({ status: "failed", dateFrom: day(r), dateTo: day(r) }) },
    { name: "reason + date range", as: "admin", filters: (r) => ({ reason: "TWILIO_ERROR_30003", dateFrom: day(r), dateTo: day(r) }) },
    { name: "from person + status delivered", as: "admin", filters: (r) => ({ from: staffOf(r).personId, status: "delivered" }) },
    { name: "from person + date range", as: "admin", filters: (r) => ({ from: staffOf(r).personId, dateFrom: day(r), dateTo: day(r) }) },
    { name: "from person + status received (empty)", as: "admin", filters: (r) => ({ from: staffOf(r).personId, status: "received" }) },
    { name: "reason + status (empty)", as: "admin", filters: () => ({ reason: "NO_SMS_NUMBER", status: "undelivered" }) },
    { name: "to person + channel EMAIL", as: "admin", filters: (r) => ({ to: studentOf(r).personId, channel: "EMAIL" }) },
    {
      name: "from + to + channel + status + dates",
      as: "admin",
      filters: (r) => ({ from: staffOf(r).personId, to: studentOf(r).personId, channel: "SMS", status: "delivered", dateFrom: daysBack(25), dateTo: daysBack(1 + (r % 5)) }),
    },
    { name: "advisor (own messages)", as: "advisor", filters: () => ({}) },
    { name: "advisor + status failed", as: "advisor", filters: () => ({ status: "failed" }) },
  ];

  type PlanNode = { "Node Type": string; "Index Name"?: string; Plans?: PlanNode[] };
  function indexesOf(node: PlanNode, out = new Set<string>()): Set<string> {
    if (node["Index Name"]) out.add(node["Index Name"]);
    else if (/Seq Scan/.test(node["Node Type"])) out.add(`${node["Node Type"]}!`);
    for (const child of node.Plans ?? []) indexesOf(child, out);
    return out;
  }

  /** Execution time (ms) inside PostgreSQL of the page query the app runs for these filters, and its indexes. */
  async function dbTime(actor: Actor, filters: Record<string, string>, cursor?: { createdAt: string; id: number }) {
    const params = messageReportPageInputSchema.parse(filters);
    const search = await resolveReportSearch(db, actor, params);
    if (!search) throw new Error(`filters match nothing: ${JSON.stringify(filters)}`);
    const query = messageReportPageSql({ ...search, after: cursor, ascending: false, limit: PAGE + 1 });
    const [row] = await db.execute<{ "QUERY PLAN": [{ "Execution Time": number; Plan: PlanNode }] }>(
      sql`explain (analyze, buffers, format json) ${query}`,
    );
    const [plan] = row["QUERY PLAN"];
    return { ms: plan["Execution Time"], indexes: [...indexesOf(plan.Plan)].join(", ") };
  }

  async function pageTime(actor: Actor, input: Record<string, string>) {
    const t = performance.now();
    const page = await listMessageReport({ ctx: { db, actor, now: new Date() }, input: { ...input, limit: String(PAGE) } });
    return { ms: performance.now() - t, rows: page.items.length };
  }

  const fmt = (ms: number) => ms.toFixed(2).padStart(7);
  console.log(`bench:report — ${TOTAL.toLocaleString("en-US")} messages loaded in ${loadSeconds.toFixed(1)} s; ${RUNS} runs per combination, ${PAGE} rows a page`);
  console.log(`${"combination".padEnd(46)} ${"db p95".padStart(7)} ${"page p95".padStart(8)}  rows  indexes (from EXPLAIN)`);
  let worstDb = 0;
  let worstPage = 0;
  for (const combo of combos) {
    const actor = combo.as === "admin" ? admin : advisor;
    const dbMs: number[] = [];
    const pageMs: number[] = [];
    let indexes = "";
    let rows = 0;
    for (let run = -3; run < RUNS; run++) {
      const filters = combo.filters(Math.max(run, 0) + 1);
      const d = await dbTime(actor, filters);
      const p = await pageTime(actor, filters);
      if (run < 0) continue;
      dbMs.push(d.ms);
      pageMs.push(p.ms);
      indexes = d.indexes;
      rows = p.rows;
    }
    const [d95, p95] = [percentile(dbMs, 95), percentile(pageMs, 95)];
    worstDb = Math.max(worstDb, d95);
    worstPage = Math.max(worstPage, p95);
    console.log(`${combo.name.padEnd(46)} ${fmt(d95)} ${fmt(p95).padStart(8)}  ${String(rows).padStart(4)}  ${indexes}`);
  }

  // Page 10,000 of the unfiltered report, jumped to with the cursor of the row before it.
  const [before] = await db.execute<{ created_key: string; id: number }>(sql`
    select created_at::text as created_key, id from messages where institution_id = ${data.institutionId}::uuid
    order by created_at desc, id desc offset ${(FAR_PAGE - 1) * PAGE - 1} limit 1`);
  const farKey = { createdAt: before.created_key, id: Number(before.id) };
  const farCursor = encodeReportCursor({ ...farKey, direction: "next" });
  const first: number[] = [];
  const far: number[] = [];
  const firstDb: number[] = [];
  const farDb: number[] = [];
  for (let run = -3; run < RUNS; run++) {
    const a = await pageTime(admin, {});
    const b = await pageTime(admin, { cursor: farCursor });
    const c = await dbTime(admin, {});
    const e = await dbTime(admin, {}, farKey);
    if (run < 0) continue;
    first.push(a.ms);
    far.push(b.ms);
    firstDb.push(c.ms);
    farDb.push(e.ms);
  }
  const farCheck = await listMessageReport({ ctx: { db, actor: admin, now: new Date() }, input: { cursor: farCursor, limit: String(PAGE) } });
  const [expected] = await db.execute<{ id: number }>(sql`
    select id from messages where institution_id = ${data.institutionId}::uuid order by created_at desc, id desc offset ${(FAR_PAGE - 1) * PAGE} limit 1`);
  if (farCheck.items[0]?.id !== Number(expected.id)) throw new Error("page 10,000 does not start where OFFSET says it should");
  const ratio = percentile(far, 95) / percentile(first, 95);
  console.log(
    `page 1: db p95 ${fmt(percentile(firstDb, 95))} ms, page p95 ${fmt(percentile(first, 95))} ms; ` +
      `page ${FAR_PAGE.toLocaleString("en-US")}: db p95 ${fmt(percentile(farDb, 95))} ms, page p95 ${fmt(percentile(far, 95))} ms (starts at row ${((FAR_PAGE - 1) * PAGE + 1).toLocaleString("en-US")}, checked)`,
  );

  // The CSV of every message, consumed as the route streams it; RSS sampled after every batch.
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  let bytes = 0;
  let lines = 0;
  const rssAt: string[] = [];
  const exportStarted = performance.now();
  const exp = await prepareMessageReportExport({ ctx: { db, actor: admin, now: new Date() }, input: {} });
  for await (const chunk of exp.chunks) {
    bytes += Buffer.byteLength(chunk);
    for (let k = chunk.indexOf("\n"); k !== -1; k = chunk.indexOf("\n", k + 1)) lines++;
    const rss = process.memoryUsage().rss;
    peakRss = Math.max(peakRss, rss);
    if (lines % 250_000 < 2000 && lines > 2000) rssAt.push(`${Math.round(lines / 1000)}k rows ${Math.round(rss / 2 ** 20)} MB`);
  }
  const exportSeconds = (performance.now() - exportStarted) / 1000;
  if (lines !== TOTAL + 1) throw new Error(`the CSV has ${lines - 1} rows, not ${TOTAL}`);
  console.log(
    `CSV export: ${(lines - 1).toLocaleString("en-US")} rows, ${(bytes / 2 ** 20).toFixed(0)} MB in ${exportSeconds.toFixed(1)} s ` +
      `(${Math.round((lines - 1) / exportSeconds).toLocaleString("en-US")} rows/s); RSS before ${Math.round(rssBefore / 2 ** 20)} MB, ` +
      `peak ${Math.round(peakRss / 2 ** 20)} MB (${rssAt.join(", ")})`,
  );
  // Issue 18: the Administration home's dashboard on the same million messages (scripts/bench-dashboard.ts).
  const dashboard = await measureDashboard({ db, data, runs: RUNS });
  console.log(`worst db p95 ${worstDb.toFixed(2)} ms, worst page p95 ${worstPage.toFixed(2)} ms, page 10000 / page 1 ${ratio.toFixed(2)}`);

  const results = await benchSendResults(db, RUNS);
  for (const line of results.lines) console.log(line);
  console.log(`results p95 ${results.p95.toFixed(2)} ms, dashboard p95 ${dashboard.p95.toFixed(2)} ms`);
});
