// The desktop app measured from outside, as a person meets it: how long from starting the program to an
// unlock screen that takes typing, how long from pressing Unlock to Today with its figures (in the page,
// and painted), how much memory the program holds idle on Today, how long the Reports screen and the
// records behind its largest figure take, and how big the program and its JavaScript are. Prints one
// table and writes it as JSON beside the screens benchmark. Figures, never pass or fail.
//
// Needs: APP (a release build of throughcare-app), CLI, TAURI_DRIVER, Xvfb; BENCH_DB and BENCH_PASS for
// an existing database to open (`make bench` passes the 100,000-client one), otherwise a 2,000-client
// demo database is made. Run by `make bench`.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { setTimeout as sleep } from "node:timers/promises";
import { APP, byId, display, endSession, exec, heading, http, newSession, s, shot, start, startBus, startDriver, stopAll, type, waitFor } from "./driver.mjs";

const CLI = process.env.CLI;
const RUNS = 9;
const home = mkdtempSync(join(tmpdir(), "throughcare-measure-"));
const rows = [];
const add = (what, value, unit, target) => rows.push({ what, value: Math.round(value * 10) / 10, unit, target });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function database() {
  if (process.env.BENCH_DB && existsSync(process.env.BENCH_DB)) {
    return { db: process.env.BENCH_DB, pass: process.env.BENCH_PASS, size: process.env.BENCH_CLIENTS ?? "?" };
  }
  const db = join(home, "measure.db");
  const pass = "measure passphrase, demo data only";
  for (const args of [["--user", "Morgan Hale", "init", "--org", "Measure"], ["seed", "--clients", "2000"]]) {
    const r = spawnSync(CLI, ["--db", db, ...args], { env: { ...process.env, THROUGHCARE_PASSPHRASE: pass }, stdio: "ignore" });
    if (r.status !== 0) throw new Error(`throughcare ${args.join(" ")} failed`);
  }
  return { db, pass, size: "2000" };
}

/** Proportional set size (kB) of a process and of everything it started (the WebKit helpers), by name. */
function pssTree(pid, into = []) {
  const kids = spawnSync("pgrep", ["-P", String(pid)], { encoding: "utf8" }).stdout.split("\n").filter(Boolean);
  try {
    const m = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8").match(/^Pss:\s+(\d+) kB/m);
    const name = readFileSync(`/proc/${pid}/comm`, "utf8").trim();
    into.push({ name, kb: m ? Number(m[1]) : 0 });
  } catch {
    /* gone */
  }
  for (const k of kids) pssTree(Number(k), into);
  return into;
}

function appPid() {
  const out = spawnSync("pgrep", ["-f", "-n", APP], { encoding: "utf8" }).stdout.trim();
  return out ? Number(out) : null;
}

/** Runs `act` in the page and times it, inside the page, until `until` holds (both JavaScript). */
async function timed(act, until, what) {
  const ms = await http("POST", s("/execute/async"), {
    script: `const done = arguments[0];
      const t0 = performance.now();
      const ok = () => { try { return ${until}; } catch { return false; } };
      const obs = new MutationObserver(() => { if (ok()) { obs.disconnect(); done(performance.now() - t0); } });
      obs.observe(document.body, { childList: true, subtree: true, characterData: true });
      ${act}
      setTimeout(() => done(-1), 25000);`,
    args: [],
  });
  if (ms < 0) throw new Error(`${what} did not appear`);
  return ms;
}

async function main() {
  const size = statSync(APP).size / 1024 / 1024;
  add("release program (throughcare-app)", size, "MB", "< 25 MB");
  const dist = resolve("ui/dist/assets");
  const js = readdirSync(dist).filter((f) => f.endsWith(".js"));
  const gz = js.reduce((n, f) => n + gzipSync(readFileSync(join(dist, f)), { level: 9 }).length, 0) / 1024;
  add("UI JavaScript, gzipped", gz, "KB", "< 300 KB");

  const { db, pass, size: clients } = database();
  start("Xvfb", [display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"], {});
  await startBus();
  await sleep(800);
  await startDriver(db);

  const starts = [];
  const unlocks = [];
  const painted = [];
  const whole = [];
  let memory = null;
  let memoryParts = [];
  let report = null;
  let drill = null;
  for (let run = 0; run < RUNS; run++) {
    const t0 = performance.now();
    await newSession();
    // Polled every 20 ms: the figure is at most that much late.
    const until = Date.now() + 20000;
    for (;;) {
      const ready = await exec("const e = document.getElementById('passphrase'); return !!e && !e.disabled && e.offsetParent !== null;").catch(() => false);
      if (ready) break;
      if (Date.now() > until) throw new Error("the unlock screen did not appear");
      await sleep(20);
    }
    starts.push(performance.now() - t0);
    const who = await exec("return !!document.getElementById('unlock-name')");
    if (who) await type(byId("unlock-name"), "Morgan Hale");
    await type(byId("passphrase"), pass);
    // Timed inside the page: from pressing Unlock to Today's heading and figures in the page, to
    // the frame that shows them (laid out and painted: after the next animation frame), and to the
    // whole of Today in the page (the lists below its first card come a frame later).
    const [ms, shownMs, wholeMs] = await http("POST", s("/execute/async"), {
      script: `const done = arguments[0];
        const t0 = performance.now();
        const shown = () => document.querySelector("h1")?.textContent.includes("Today") && document.querySelector(".glance li");
        let inPage = null, painted = null, whole = null;
        const obs = new MutationObserver(() => {
          if (inPage === null && shown()) {
            inPage = performance.now() - t0;
            requestAnimationFrame(() => setTimeout(() => { painted = performance.now() - t0; finish(); }, 0));
          }
          if (whole === null && document.querySelector(".today .columns")) whole = performance.now() - t0;
          finish();
        });
        const finish = () => {
          if (painted === null || whole === null) return;
          obs.disconnect();
          done([inPage, painted, whole]);
        };
        obs.observe(document.body, { childList: true, subtree: true, characterData: true });
        document.querySelector("form button[type=submit]").click();
        setTimeout(() => done([-1, -1, -1]), 20000);`,
      args: [],
    });
    if (ms < 0) throw new Error("Today did not appear after unlocking");
    unlocks.push(ms);
    painted.push(shownMs);
    whole.push(wholeMs);
    if (run === RUNS - 1) {
      await waitFor(heading("Today"));
      // For a person to look at: Today as it is at this size.
      await shot(`today-${clients}`);
      await sleep(5000);
      const pid = appPid();
      if (pid) {
        const parts = pssTree(pid);
        memory = parts.reduce((n, p) => n + p.kb, 0) / 1024;
        memoryParts = parts;
      }
      // The Reports screen at this size, once: last month's summary, then the records behind its
      // largest figure (every active client), each from the click to it on screen.
      report = await timed(
        `document.getElementById("nav-reports").click();`,
        `!!document.querySelector("main button[data-key='clients.active']")`,
        "the monthly summary",
      );
      drill = await timed(
        `document.querySelector("main button[data-key='clients.active']").click();`,
        `!!document.querySelector("dialog[open] #drill-count") && document.querySelectorAll("dialog[open] tbody tr").length > 0`,
        "the records behind a figure",
      );
      await shot(`reports-drill-${clients}`);
    }
    await endSession();
    await sleep(500);
  }
  add(`start to a usable unlock screen (median of ${RUNS})`, median(starts), "ms", "< 1000 ms");
  add(`Unlock pressed to Today with its figures, ${clients} clients (median of ${RUNS})`, median(unlocks), "ms", "< 100 ms + passphrase");
  add(`  the same, to Today laid out and painted (median of ${RUNS})`, median(painted), "ms", "");
  add(`  the same, to all of Today in the page (median of ${RUNS})`, median(whole), "ms", "");
  if (memory !== null) add("memory idle on Today (program and its WebKit helpers, PSS)", memory, "MB", "< 150 MB");
  for (const p of memoryParts) add(`  of which ${p.name}`, p.kb / 1024, "MB", "");
  if (report !== null) add(`Reports: last month's summary shown, ${clients} clients (once, after Today)`, report, "ms", "");
  if (drill !== null) add("Reports: the records behind Active clients shown (the first 200)", drill, "ms", "");
}

try {
  await main();
} finally {
  await endSession();
  stopAll();
  rmSync(home, { recursive: true, force: true });
}
console.log(`\n${"app, measured from outside".padEnd(72)} ${"value".padStart(10)}  target`);
for (const r of rows) console.log(`${r.what.padEnd(72)} ${`${r.value} ${r.unit}`.padStart(10)}  ${r.target}`);
const out = join(process.env.CARGO_TARGET_DIR ?? "target", "bench");
mkdirSync(out, { recursive: true });
writeFileSync(join(out, "app.json"), JSON.stringify(rows, null, 2));
console.log(`\nWritten to ${join(out, "app.json")}`);
process.exit(0);
