// End-to-end test of the real app: the built Tauri binary in a real window under Xvfb, driven through
// WebDriver (tauri-driver + WebKitWebDriver). It walks a caseworker's first day and checks that the
// data survives a restart behind the passphrase; then a second computer joins an organisation made with the
// command line and exchanges sync files with it both ways, settling a conflict. A screenshot of every screen goes to
// target/screenshots/app-*.png for people to look at.
//
// Needs: APP (the app binary), TAURI_DRIVER, Xvfb. Run by `make e2e` (part of `make test`).
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import {
  APP,
  SHOTS,
  button,
  byId,
  choose,
  click,
  display,
  endSession,
  exec,
  heading,
  http,
  newSession,
  recentStderr,
  screenLocks,
  shot,
  sid,
  s,
  start,
  startBus,
  startDriver,
  stopAll,
  text,
  type,
  waitFor,
} from "./driver.mjs";

const CLI = process.env.CLI;
const PASS = "a long passphrase for the test";
const home = mkdtempSync(join(tmpdir(), "throughcare-e2e-"));
const db = join(home, "throughcare.db");

let passed = 0;
let failed = 0;
async function step(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    passed++;
    console.log(`ok   ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${e.message}`);
    if (sid) await shot(`failed-${passed + failed}`).catch(() => {});
    if (failed === 1) console.log(`What the app and its driver last wrote:\n${recentStderr()}\n`);
  }
}

// The demo caseload, as `make run` shows it: every main screen on realistic data.
async function demoTour() {
  const demo = join(home, "demo.db");
  const demoPass = "demo passphrase, demo data only";
  const run = (args, env = {}) =>
    new Promise((ok, fail) => {
      const c = spawn(CLI, ["--db", demo, ...args], { env: { ...process.env, THROUGHCARE_PASSPHRASE: demoPass, ...env }, stdio: "ignore" });
      c.on("exit", (code) => (code === 0 ? ok() : fail(new Error(`throughcare ${args[0]} failed`))));
    });
  await run(["--user", "Morgan Hale", "init", "--org", "Bridges Health Link (demo)"]);
  await run(["seed", "--clients", "300", "--seed", "7"]);
  // A caseworker and a peer mentor of the demo sign in too, each with their own passphrase.
  const alexPass = "alex's own passphrase for the demo";
  const deanPass = "dean's own passphrase for the demo";
  await run(["user", "unlock-here", "Alex Morgan"], { THROUGHCARE_NEW_PASSPHRASE: alexPass });
  await run(["--user", "Morgan Hale", "user", "unlock-here", "Dean Holloway"], { THROUGHCARE_NEW_PASSPHRASE: deanPass });
  const demoSaves = join(home, "demo-saved");
  mkdirSync(demoSaves, { recursive: true });
  await startDriver(demo, {
    THROUGHCARE_DEMO_PASSPHRASE: demoPass,
    THROUGHCARE_DEMO_USER: "Morgan Hale",
    THROUGHCARE_E2E_SAVE_DIR: demoSaves,
  });
  await newSession();
  await step("demo caseload: unlock, Today, clients, a client's record", async () => {
    await waitFor(heading("Unlock Throughcare"));
    await shot("demo-unlock");
    await type(byId("unlock-name"), "Morgan Hale");
    await type("//input[@type='password']", demoPass);
    await click(button("Unlock"));
    await waitFor(heading("Today"));
    await shot("demo-today");
    await click("//nav//*[normalize-space()='Clients']");
    await waitFor(heading("Clients"));
    await sleep(300);
    await shot("demo-clients");
    await click("(//main//table//a | //main//ul//a)[1]");
    await waitFor("//h1[not(normalize-space()='Clients')]");
    await sleep(300);
    await shot("demo-client");
  });
  await step("demo caseload: referrals, peer mentors and a mentor's profile", async () => {
    await click("//nav//*[normalize-space()='Referrals']");
    await waitFor(heading("Referrals"));
    await waitFor("//main//table//tbody/tr");
    await sleep(300);
    await shot("demo-referrals");
    await click("//nav//*[normalize-space()='Peer mentors']");
    await waitFor(heading("Peer mentors"));
    await waitFor("//main//table//tbody/tr");
    await sleep(300);
    await shot("demo-mentors");
    await click("(//main//table//tbody//a)[1]");
    await waitFor("//h2[normalize-space()='Linked clients']");
    await sleep(300);
    await shot("demo-mentor");
  });
  await step("demo caseload: the service directory with waits, and the tasks of the whole team", async () => {
    await click("//nav//*[normalize-space()='Services']");
    await waitFor(heading("Services"));
    await waitFor("//*[contains(normalize-space(), 'Median wait from referral to first appointment')]");
    await sleep(300);
    await shot("demo-services");
    await click("//nav//*[normalize-space()='Tasks']");
    await waitFor(heading("Tasks"));
    await waitFor("//*[starts-with(normalize-space(), 'Because ')]");
    await sleep(300);
    await shot("demo-tasks");
  });
  await step("demo caseload: a manager's monthly summary, the records behind a figure, and the PDF saved", async () => {
    await click(byId("nav-reports"));
    await waitFor(heading("Reports"));
    await waitFor(byId("summary-h"), 60000);
    const t = await text();
    for (const words of ["Active clients", "Attendance", "12-month trend", "Equality", "This is the internal summary"]) {
      if (!t.includes(words)) throw new Error(`the summary does not show ${words}`);
    }
    await sleep(300);
    await shot("demo-reports");
    // The first figure that opens its records (Active clients).
    await click("(//main//button[@data-key='clients.active'])[1]");
    await waitFor(byId("drill-count"), 30000);
    const count = await exec("return document.querySelector('#drill-count')?.textContent ?? ''");
    const rows = await exec("return document.querySelectorAll('dialog[open] tbody tr').length");
    const all = Number(count.replace(/,/g, "").match(/^\d+/)?.[0] ?? -1);
    if (all < 1 || rows !== Math.min(all, 200)) throw new Error(`the list says "${count}" but shows ${rows} rows`);
    await sleep(300);
    await shot("demo-reports-drill");
    await click("//dialog//button[normalize-space()='Close']");
    await sleep(300);
    await click("//main//label[.//input[@name='report-format' and @value='pdf']]");
    await click(byId("report-save"));
    await waitFor(byId("report-saved"), 60000);
    const path = await exec("return document.querySelector('#report-saved .path')?.textContent ?? document.querySelector('#report-saved')?.textContent ?? ''");
    const file = readdirSync(demoSaves).find((f) => f.endsWith(".pdf"));
    if (!file || !path.includes(file)) throw new Error(`the PDF was not saved where the app says: ${path}`);
    const bytes = readFileSync(join(demoSaves, file));
    if (bytes.subarray(0, 5).toString() !== "%PDF-") throw new Error("the saved file is not a PDF");
    if ((statSync(join(demoSaves, file)).mode & 0o777) !== 0o600) throw new Error("the saved PDF is readable by others");
    await shot("demo-reports-saved");
  });
  await step("demo caseload: everything held about a person is saved as a PDF and JSON, readable by the user only", async () => {
    await click("//nav//*[normalize-space()='Clients']");
    await waitFor(heading("Clients"));
    await click("(//main//table//a | //main//ul//a)[1]");
    await waitFor(byId("sar-h"));
    const name = await exec("return document.querySelector('main h1')?.textContent?.trim() ?? ''");
    await click(button("Save everything held about them…"));
    await waitFor("//section[@aria-labelledby='sar-h']//*[contains(normalize-space(), 'Both hold personal data')]", 30000);
    const files = readdirSync(demoSaves).filter((f) => f.startsWith("subject-access-"));
    const pdf = files.find((f) => f.endsWith(".pdf"));
    const json = files.find((f) => f.endsWith(".json"));
    if (!pdf || !json) throw new Error(`both files were not saved: ${files.join(", ")}`);
    for (const f of [pdf, json]) {
      if ((statSync(join(demoSaves, f)).mode & 0o777) !== 0o600) throw new Error(`${f} is readable by others`);
    }
    if (readFileSync(join(demoSaves, pdf)).subarray(0, 5).toString() !== "%PDF-") throw new Error("the saved file is not a PDF");
    const held = JSON.parse(readFileSync(join(demoSaves, json), "utf8"));
    if (!held.record?.name || !name.includes(held.record.name)) throw new Error(`the file is about ${held.record?.name}, not ${name}`);
    if (!held.access.some((a) => a.action === "view")) throw new Error("the file does not say who opened the record");
    await sleep(300);
    await shot("demo-subject-access");
  });
  await step("demo caseload: a manager's Users and Audit screens", async () => {
    await click("//nav//*[normalize-space()='Users']");
    await waitFor(heading("Users"));
    await waitFor("//main//table//tbody/tr");
    const t = await text();
    if (!t.includes("Alex Morgan") || !t.includes("Dean Holloway")) throw new Error("the Users screen lacks the demo's people");
    await sleep(300);
    await shot("demo-users");
    await click("//nav//*[normalize-space()='Audit']");
    await waitFor(heading("Audit"));
    await waitFor("//main//table//tbody/tr");
    if (!(await text()).includes("Opened a record")) throw new Error("the audit log does not show the record opened above");
    await sleep(300);
    await shot("demo-audit");
    await click(button("Lock"));
    await waitFor(heading("Unlock Throughcare"));
  });
  await step("demo caseload: a caseworker sees their own caseload and no Users or Audit", async () => {
    await type(byId("unlock-name"), "Alex Morgan");
    await type("//input[@type='password']", alexPass);
    await click(button("Unlock"));
    await waitFor(heading("Today"));
    const nav = await exec("return document.querySelector('nav').innerText;");
    if (nav.includes("Users") || nav.includes("Audit")) throw new Error(`a caseworker's menu offers ${nav}`);
    await click("//nav//*[normalize-space()='Clients']");
    await waitFor(heading("Clients"));
    await sleep(300);
    await shot("demo-caseworker-clients");
    await click(button("Lock"));
    await waitFor(heading("Unlock Throughcare"));
  });
  await step("demo caseload: a peer mentor sees only the people linked to them and what going with them needs", async () => {
    await type(byId("unlock-name"), "Dean Holloway");
    await type("//input[@type='password']", deanPass);
    await click(button("Unlock"));
    await waitFor(heading("My week"));
    const nav = await exec("return document.querySelector('nav').innerText;");
    for (const hidden of ["Clients", "Referrals", "Sync", "Users", "Audit"]) {
      if (nav.includes(hidden)) throw new Error(`a peer mentor's menu offers ${hidden}`);
    }
    const t = await text();
    if (/NHS|Prison number|Support needs|Notes/.test(t)) throw new Error("a peer mentor's view shows health, offence or note detail");
    await sleep(300);
    await shot("demo-mentor-home");
    await click(button("Lock"));
    await waitFor(heading("Unlock Throughcare"));
  });
  await step("demo caseload: a peer mentor books into their week, moves it by keyboard, and their phone's calendar file keeps the event and raises its sequence", async () => {
    await type(byId("unlock-name"), "Dean Holloway");
    await type("//input[@type='password']", deanPass);
    await click(button("Unlock"));
    await waitFor(heading("My week"));
    // Next week, so the slot is still to come.
    await click("//button[starts-with(normalize-space(), 'Next week')]");
    await sleep(500);
    await click("//button[contains(@class, 'slot')][.//span[starts-with(normalize-space(), 'Book at 10:00, Tue')]]");
    await waitFor("//h2[normalize-space()='Book an appointment']");
    const ids = await exec(
      "const q = (s) => document.querySelector(s)?.id; return [q(\"select[id$='-client_id']\"), q(\"select[id$='-service_type']\"), q(\"input[id$='-place']\")];",
    );
    const person = await exec(`return document.getElementById('${ids[0]}').options[1].value;`);
    await choose(ids[0], person);
    await choose(ids[1], "dental");
    await type(byId(ids[2]), "12 Park Lane, Leeds");
    await shot("mentor-book-into-slot");
    await click(button("Book appointment"));
    const anyway = async (label) => {
      // Warnings never block: when core has one (a clash, outside their usual times), go ahead.
      const found = await waitFor(button(label), 2500).catch(() => null);
      if (found) await http("POST", s(`/element/${found}/click`), {});
    };
    await anyway("Book anyway");
    // The appointment's block says when it is (its accessible name: "Tue 8 Dec, 10:00 to 11:00: …").
    const waitForAppt = async (time) => {
      const until = Date.now() + 15000;
      for (;;) {
        const label = await exec(
          "return [...document.querySelectorAll('button.appt')].map((b) => b.getAttribute('aria-label')).find((l) => l.includes('12 Park Lane')) ?? '';",
        );
        if (label.includes(`${time} to`)) return;
        if (Date.now() > until) throw new Error(`the booked appointment is not at ${time}: '${label}'`);
        await sleep(200);
      }
    };
    await waitForAppt("10:00");
    const press = async (time, keys) => {
      for (const key of keys) {
        await exec(
          `const b = [...document.querySelectorAll('button.appt')].find((x) => x.getAttribute('aria-label').includes('12 Park Lane')); b.focus(); b.dispatchEvent(new KeyboardEvent('keydown', { key: '${key}', bubbles: true }));`,
        );
        await sleep(250);
      }
    };
    // M, then four steps of 15 minutes later, then Enter: 11:00.
    await press("10:00", ["m", "ArrowDown", "ArrowDown", "ArrowDown", "ArrowDown", "Enter"]);
    await anyway("Move anyway");
    await waitForAppt("11:00");
    await shot("mentor-moved");
    const exportIcs = async () => {
      await exec("window.scrollTo(0, 0);");
      await click(button("Export calendar file"));
      await click(button("Save calendar file"));
      await waitFor("//*[starts-with(normalize-space(), 'Saved,')]");
      const saved = await exec("return [...document.querySelectorAll('.path')].map((e) => e.textContent).pop();");
      if (!saved || !saved.startsWith(demoSaves)) throw new Error(`the calendar file was not saved in the test folder: ${saved}`);
      // Read as a phone would: Python's icalendar package. It also checks the file is 0600, folded,
      // in Europe/London, and titled with an initial only.
      const r = spawnSync("/usr/bin/python3", [resolve("tests/e2e/ics_check.py"), saved, "Dental", "dental"], { encoding: "utf8" });
      if (r.status !== 0) throw new Error(`the calendar file did not pass: ${r.stderr || r.error}`);
      const events = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
      const mine = events.filter((e) => e.location === "12 Park Lane, Leeds");
      if (mine.length !== 1) throw new Error(`expected the booked appointment once in the file, found ${mine.length}`);
      if (!/^Appointment with \S+\. \(go with them\)$/.test(mine[0].summary)) {
        throw new Error(`the event's title is ${mine[0].summary}`);
      }
      return mine[0];
    };
    const first = await exportIcs();
    if (!first.start.endsWith(" 11:00")) throw new Error(`the file has it at ${first.start}, not 11:00`);
    await press("11:00", ["m", "ArrowDown", "ArrowDown", "ArrowDown", "ArrowDown", "Enter"]);
    await anyway("Move anyway");
    await waitForAppt("12:00");
    const second = await exportIcs();
    if (second.uid !== first.uid) throw new Error("moving the appointment changed its UID: a phone would show it twice");
    if (!(second.sequence > first.sequence)) throw new Error(`the sequence did not rise: ${first.sequence} then ${second.sequence}`);
    if (!second.start.endsWith(" 12:00")) throw new Error(`the file has it at ${second.start}, not 12:00`);
    await shot("mentor-calendar-exported");
    await exec("window.scrollTo(0, 0);");
    await click(button("Lock"));
    await waitFor(heading("Unlock Throughcare"));
  });
  await endSession();
}

// Sync between the app and a manager's computer (the command line): join with an invitation, then
// exchange sync files both ways, including a conflict settled with one click.
function runCli(dbPath, args, pass) {
  return new Promise((ok, fail) => {
    const c = spawn(CLI, ["--db", dbPath, ...args], { env: { ...process.env, THROUGHCARE_PASSPHRASE: pass }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    c.stdout.on("data", (d) => (out += d));
    c.stderr.on("data", (d) => (err += d));
    c.on("exit", (code) => (code === 0 ? ok(out) : fail(new Error(`throughcare ${args.slice(0, 2).join(" ")} failed: ${err.trim()}`))));
  });
}

/** Puts a file into a file box as if the person chose it (WebDriver cannot drive the native picker). */
async function chooseFile(inputId, path) {
  await http("POST", s("/execute/sync"), {
    script:
      "const [id, b64, name] = arguments; const bin = atob(b64); const bytes = new Uint8Array(bin.length);" +
      "for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);" +
      "const dt = new DataTransfer(); dt.items.add(new File([bytes], name, { type: 'application/octet-stream' }));" +
      "const input = document.getElementById(id); input.files = dt.files; input.dispatchEvent(new Event('change', { bubbles: true }));",
    args: [inputId, readFileSync(path).toString("base64"), basename(path)],
  });
}

async function openClientRecord(name) {
  await click("//nav//*[normalize-space()='Clients']");
  await waitFor(heading("Clients"));
  await click(`//main//a[contains(normalize-space(), ${JSON.stringify(name)})]`);
  await waitFor(heading(name));
}

async function syncJourney() {
  const orgDb = join(home, "manager.db");
  const appDb = join(home, "joined.db");
  const saveDir = join(home, "saved");
  mkdirSync(saveDir, { recursive: true });
  const orgPass = "the manager's own passphrase";
  const cli = (args) => runCli(orgDb, args, orgPass);
  await cli(["init", "--org", "Riverside Through the Gate", "--user", "Morgan Hale"]);
  await cli(["seed", "--clients", "4", "--seed", "3"]);
  const first = (await cli(["client", "find", "a"])).trim().split("\n")[0];
  const [clientId, ...nameParts] = first.split(/\s+/);
  const clientName = nameParts.join(" ");
  const invitation = join(home, "jordan.tcinvite");
  const said = await cli(["invite", "--out", invitation, "--device-name", "Jordan's laptop", "--for", "Jordan Elsworth-Vale", "--role", "manager"]);
  const code = /Code: (\S+)/.exec(said)?.[1];
  if (!code) throw new Error("the invitation's code was not printed");

  await startDriver(appDb, { THROUGHCARE_E2E_SAVE_DIR: saveDir });
  await newSession();
  await step("join: the first run joins the organisation with the manager's invitation file and code", async () => {
    await waitFor(heading("Set up Throughcare"));
    await click("//input[@id='how-join']");
    await waitFor(byId("join-file"));
    await chooseFile("join-file", invitation);
    await waitFor("//*[starts-with(normalize-space(), 'Ready: jordan.tcinvite')]");
    await type(byId("join-code"), code.toLowerCase().replaceAll("-", " "));
    await type(byId("join-passphrase"), PASS);
    await type(byId("join-confirm"), PASS);
    await shot("join");
    await click(byId("join-submit"));
    await waitFor(heading("Today"), 90000);
    const t = await text();
    if (!t.includes("Riverside Through the Gate") || !t.includes("Jordan Elsworth-Vale")) {
      throw new Error("the app did not open as the invited person in the organisation");
    }
  });

  await step("sync: a change made on the manager's computer arrives in a sync file and shows on the record", async () => {
    await cli(["client", "update", clientId, "--set", "phone=07700 900111"]);
    const bundle = join(home, "from-manager-1.tcsync");
    await cli(["bundle", "export", "--out", bundle]);
    await click(byId("nav-sync"));
    await waitFor(heading("Sync"));
    await waitFor("//section[contains(@class, 'device')]//td[contains(normalize-space(), \"Jordan's laptop\")]");
    await shot("sync");
    await chooseFile("sync-file", bundle);
    await waitFor("//*[@id='sync-preview' and contains(normalize-space(), 'From Morgan')] | //*[@id='sync-preview' and contains(normalize-space(), 'From ')]");
    await shot("sync-preview");
    await click(button("Import"));
    await waitFor(byId("import-report"), 60000);
    const report = await text();
    if (!/new changes? applied/.test(report)) throw new Error("the report does not say what was applied");
    await shot("sync-imported");
    await openClientRecord(clientName);
    if (!(await text()).includes("07700 900111")) throw new Error("the manager's change is not on the client's record");
  });

  let saved = null;
  async function exportFromApp() {
    await click(byId("nav-sync"));
    await waitFor(heading("Sync"));
    await click(byId("export-make"));
    await waitFor(byId("export-result"), 60000);
    saved = await http("POST", s("/execute/sync"), { script: "return document.querySelector('#export-result .path')?.textContent ?? ''", args: [] });
    if (!saved || !saved.startsWith(saveDir)) throw new Error(`the sync file was not saved in the test folder: ${saved}`);
  }

  await step("sync: the app's sync file is saved and the manager's computer imports it", async () => {
    await exportFromApp();
    await shot("sync-exported");
    const out = await cli(["bundle", "import", saved]);
    if (!out.includes("Jordan's laptop")) throw new Error(`the manager's computer did not name the sender: ${out}`);
  });

  await step("sync: both change the same phone; the app shows both versions side by side and one click settles it everywhere", async () => {
    await cli(["client", "update", clientId, "--set", "phone=07700 900222"]);
    await openClientRecord(clientName);
    await click(button("Edit details"));
    await type(byId("edit-phone"), "07700 900333");
    await click(button("Save changes"));
    await waitFor("//main//*[contains(normalize-space(), '07700 900333')]");
    const bundle = join(home, "from-manager-2.tcsync");
    await cli(["bundle", "export", "--out", bundle, "--since-peer", "Jordan's laptop"]);
    await click(byId("nav-sync"));
    await waitFor(heading("Sync"));
    await chooseFile("sync-file", bundle);
    await waitFor(byId("sync-preview"));
    await click(button("Import"));
    await waitFor(byId("import-report"), 60000);
    await waitFor("//article[contains(@class, 'conflict')]");
    const t = await text();
    if (!t.includes("07700 900222") || !t.includes("07700 900333")) throw new Error("both versions are not shown");
    if (!(await text()).includes("(this computer)")) throw new Error("the app's own version is not marked");
    await http("POST", s("/execute/sync"), { script: "document.getElementById('conflicts-h')?.scrollIntoView()", args: [] });
    await shot("sync-conflict");
    await click("//article[contains(@class, 'conflict')]//div[contains(@class, 'side')][.//p[normalize-space()='07700 900333']]//button");
    await waitFor("//*[normalize-space()='No conflicts: every change has been merged.']");
    await shot("sync-settled");
    await exportFromApp();
    await cli(["bundle", "import", saved]);
    const left = await cli(["conflicts", "list"]);
    if (!left.includes("No conflicts")) throw new Error(`the manager's computer still lists conflicts: ${left}`);
  });
  await endSession();
}

/** The environment of the app's WebKit page process, as a map. */
function pageProcessEnv() {
  const app = spawnSync("pgrep", ["-f", "-n", APP], { encoding: "utf8" }).stdout.trim();
  const kids = spawnSync("pgrep", ["-P", app], { encoding: "utf8" }).stdout.split("\n").filter(Boolean);
  const page = kids.find((pid) => readFileSync(`/proc/${pid}/comm`, "utf8").trim().startsWith("WebKitWebProces"));
  if (!page) throw new Error("the app has no WebKit page process");
  return new Map(
    readFileSync(`/proc/${page}/environ`, "utf8")
      .split("\0")
      .filter(Boolean)
      .map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]),
  );
}

async function main() {
  // The app chooses how WebKit paints by itself (src-tauri/src/main.rs); nothing here may choose for it.
  delete process.env.WEBKIT_SKIA_ENABLE_CPU_RENDERING;
  start("Xvfb", [display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"], {});
  await startBus();
  await sleep(800);
  await startDriver(db);
  await newSession();
  const yesterday = new Date(Date.now() - 86400000);

  await step("first run: create the organisation, the manager and the passphrase", async () => {
    await waitFor(heading("Set up Throughcare"));
    await shot("first-run");
    await type(byId("organisation"), "Bridges Health Link");
    await type(byId("your_name"), "Morgan Hale");
    await type("(//input[@type='password'])[1]", PASS);
    await type("(//input[@type='password'])[2]", PASS);
    await click(button("Create database"));
    await waitFor(heading("Today"));
    await shot("today-empty");
  });

  await step("the page is painted with the processor, which the app chose as it started", async () => {
    const env = pageProcessEnv();
    if (env.get("WEBKIT_SKIA_ENABLE_CPU_RENDERING") !== "1") {
      throw new Error(`WebKit's page process paints with the graphics card (${env.get("WEBKIT_SKIA_ENABLE_CPU_RENDERING")})`);
    }
  });

  await step("add a peer mentor", async () => {
    await click(byId("nav-mentors"));
    await click(byId("add-mentor-open"));
    await type(byId("new-mentor-name"), "Dean Holloway");
    await shot("add-mentor");
    await click(byId("add-mentor-submit"));
    await waitFor(heading("Dean Holloway"));
    await shot("mentor");
  });

  await step("add a client with an accented name and an apostrophe", async () => {
    await click("//nav//*[normalize-space()='Clients']");
    await waitFor(heading("Clients"));
    await click(button("Add a client"));
    await type("//input[@id=//label[normalize-space()='Given name']/@for]", "Siobhán");
    await type("//input[@id=//label[normalize-space()='Family name']/@for]", "O'Brien");
    await shot("add-client");
    await click(button("Add client"));
    await waitFor(heading("Siobhán O'Brien"));
    await shot("client-new");
  });

  await step("book a GP appointment for yesterday, accompanied by the peer mentor", async () => {
    await click(button("Book an appointment"));
    await waitFor(byId("book-service_type"));
    await choose("book-service_type", "gp");
    await type(byId("book-provider"), "Riverside Medical Centre");
    await type(byId("book-date-day"), String(yesterday.getDate()));
    await type(byId("book-date-month"), String(yesterday.getMonth() + 1));
    await type(byId("book-date-year"), String(yesterday.getFullYear()));
    await type(byId("book-start_time"), "10:30");
    await click("//input[@name='book-accompaniment' and @value='peer_mentor']");
    await waitFor(byId("book-planned_mentor_id"));
    await http("POST", s("/execute/sync"), {
      script:
        "const e = document.getElementById('book-planned_mentor_id'); const o = [...e.options].find((x) => x.text.includes(arguments[0])); e.value = o.value; e.dispatchEvent(new Event('change', { bubbles: true }));",
      args: ["Dean Holloway"],
    });
    await shot("book");
    await click(button("Book appointment"));
    await sleep(500);
    const t = await text();
    if (!t.includes("Riverside Medical Centre")) throw new Error("the booked appointment is not on the record");
  });

  await step("record that they attended; it shows on the timeline and Today no longer asks", async () => {
    await click("//nav//*[normalize-space()='Today']");
    await waitFor(heading("Today"));
    let t = await text();
    if (!t.includes("Siobhán O'Brien")) throw new Error("Today does not list the appointment awaiting an outcome");
    await shot("today-awaiting");
    await click("(//label[contains(normalize-space(), 'Attended')])[1]");
    await click(button("Save"));
    await waitFor("//h2[contains(normalize-space(), 'Outcomes to record') and contains(normalize-space(), '(0)')]");
    await click("//nav//*[normalize-space()='Clients']");
    await click("//a[contains(normalize-space(), \"Siobhán O'Brien\")] | //button[contains(normalize-space(), \"Siobhán O'Brien\")]");
    await waitFor(heading("Siobhán O'Brien"));
    t = await text();
    if (!/Attended/.test(t)) throw new Error("the outcome is not on the timeline");
    if (!t.includes("Dean Holloway")) throw new Error("the timeline does not say the peer mentor went");
    await shot("client-attended");
  });

  await step("book a dental appointment next week, then reschedule it: the timeline shows the new time", async () => {
    const next = new Date(Date.now() + 7 * 86400000);
    const moved = new Date(Date.now() + 9 * 86400000);
    const words = (d) => d.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
    await click(button("Book an appointment"));
    await waitFor(byId("book-service_type"));
    await choose("book-service_type", "dental");
    await type(byId("book-provider"), "Smile Dental");
    await type(byId("book-date-day"), String(next.getDate()));
    await type(byId("book-date-month"), String(next.getMonth() + 1));
    await type(byId("book-date-year"), String(next.getFullYear()));
    await type(byId("book-start_time"), "09:15");
    await click(button("Book appointment"));
    await click("//button[starts-with(@aria-label, 'Reschedule the Dental appointment')]");
    const form = "//form[contains(@class, 'reschedule')]";
    await click(`${form}//input[@value='cancelled_by_provider']`);
    await type(`${form}//input[contains(@id, '-date-day')]`, String(moved.getDate()));
    await type(`${form}//input[contains(@id, '-date-month')]`, String(moved.getMonth() + 1));
    await type(`${form}//input[contains(@id, '-date-year')]`, String(moved.getFullYear()));
    await type(`${form}//input[@id=//label[normalize-space()='New start time']/@for]`, "14:45");
    await shot("reschedule");
    await click(button("Move appointment"));
    await waitFor(`//*[contains(normalize-space(), 'Moved to') and contains(normalize-space(), '${words(moved)} at 14:45')]`);
    const t = await text();
    if (!t.includes(`Moved from`) || !t.includes(`${words(next)} at 09:15`)) {
      throw new Error("the timeline does not link the moved appointment to the new one");
    }
    await shot("client-rescheduled");
  });

  await step("a release: custody, then a release two days ago; the 14-day steps on the record, and the first ones done from Today", async () => {
    const went = new Date(Date.now() - 40 * 86400000);
    const out = new Date(Date.now() - 2 * 86400000);
    const dateInto = async (id, d) => {
      await type(byId(`${id}-day`), String(d.getDate()));
      await type(byId(`${id}-month`), String(d.getMonth() + 1));
      await type(byId(`${id}-year`), String(d.getFullYear()));
    };
    await click(byId("qa-custody"));
    await waitFor(byId("custody-kind"));
    await choose("custody-kind", "sentence");
    await type(byId("custody-establishment"), "HMP Leeds");
    await dateInto("custody-started", went);
    await click("//section[@aria-labelledby='custody-add-h']//button[normalize-space()='Save']");
    await click(byId("qa-release"));
    await waitFor(byId("release-on-day"));
    await dateInto("release-on", out);
    await choose("release-status", "on_licence");
    await type(byId("release-to"), "Approved premises, 4 Mill Lane, Leeds");
    await shot("release");
    await click("//section[@aria-labelledby='custody-release-h']//button[normalize-space()='Record release']");
    await waitFor("//h2[contains(normalize-space(), 'First 14 days after release')]");
    let t = await text();
    for (const want of ["Day 3 of 14", "0 of 3 steps done", "Somewhere to live tonight and next week", "Registered with a GP"]) {
      if (!t.includes(want)) throw new Error(`the record's pathway does not say '${want}'`);
    }
    if (!t.includes("On licence")) throw new Error("the justice status did not follow the release");
    await shot("client-pathway");

    // The menu is at the top of the page, which the long record has scrolled away.
    await exec("window.scrollTo(0, 0);");
    await click("//nav//*[normalize-space()='Today']");
    await waitFor("//h2[contains(normalize-space(), 'First 14 days after release')]");
    t = await text();
    if (!t.includes("Siobhán O'Brien") || !t.includes("Day 3 of 14")) {
      throw new Error("Today does not list Siobhán in her first 14 days");
    }
    await shot("today-first-days");
    await click("//button[starts-with(@aria-label, 'Done: Somewhere to live')]");
    await waitFor("//*[contains(normalize-space(), '1 of 3 steps done')]");
    await click("//button[starts-with(@aria-label, 'Done: Support contact within 2 days')]");
    await waitFor("//*[contains(normalize-space(), '2 of 3 steps done')]");
    await shot("today-steps-done");

    await exec("window.scrollTo(0, 0);");
    await click("//nav//*[normalize-space()='Tasks']");
    await waitFor(heading("Tasks"));
    t = await text();
    if (!t.includes("Registered with a GP")) throw new Error("the Tasks screen does not list the step still to do");
    if (!t.includes("Because Siobhán was released on")) throw new Error("the task does not say why it exists");
    await shot("tasks");
  });

  await step("quit and start again: locked, and the wrong passphrase is refused", async () => {
    await endSession();
    await newSession();
    await waitFor(heading("Unlock Throughcare"));
    await type(byId("unlock-name"), "Morgan Hale");
    await type("//input[@type='password']", "not the passphrase");
    await click(button("Unlock"));
    await waitFor("//*[contains(normalize-space(), 'That name and passphrase do not unlock')]");
    await shot("unlock-wrong");
  });

  await step("unlock with your own name: everything is still there", async () => {
    await type(byId("unlock-name"), "morgan hale");
    await type("//input[@type='password']", PASS);
    await click(button("Unlock"));
    await waitFor(heading("Today"));
    await click("//nav//*[normalize-space()='Clients']");
    await click("//a[contains(normalize-space(), \"Siobhán O'Brien\")] | //button[contains(normalize-space(), \"Siobhán O'Brien\")]");
    await waitFor(heading("Siobhán O'Brien"));
    const t = await text();
    if (!t.includes("Riverside Medical Centre") || !/Attended/.test(t) || !t.includes("Dean Holloway")) {
      throw new Error("the appointment, its outcome or who went did not survive a restart");
    }
    await shot("client-after-restart");
  });

  await step("the screen locking locks the app at once and clears the page", async () => {
    await screenLocks();
    await waitFor(heading("Unlock Throughcare"));
    await waitFor("//*[@id='locked-note' and contains(normalize-space(), 'locked its screen')]");
    const html = await exec("return document.documentElement.innerHTML;");
    if (html.includes("Siobhán")) throw new Error("a client's name is still in the page after the screen locked");
    await type(byId("unlock-name"), "Morgan Hale");
    await type("//input[@type='password']", PASS);
    await click(button("Unlock"));
    await waitFor(heading("Today"));
  });

  await step("lock returns to the unlock screen, and no name stays in the page or in web storage", async () => {
    await click(button("Lock"));
    await waitFor(heading("Unlock Throughcare"));
    await waitFor(byId("locked-note"));
    const left = await exec(
      "return { html: document.documentElement.innerHTML, stored: localStorage.length + sessionStorage.length };",
    );
    for (const name of ["Siobhán", "O'Brien", "Dean Holloway", "Riverside Medical Centre"]) {
      if (left.html.includes(name)) throw new Error(`'${name}' is still in the page after locking`);
    }
    if (left.stored !== 0) throw new Error("something is kept in web storage after locking");
    await shot("locked");
  });
  await endSession();
  if (CLI) {
    await syncJourney();
    await demoTour();
  }
}

try {
  await main();
} catch (e) {
  failed++;
  console.log(`FAIL setup: ${e.message}`);
} finally {
  await endSession();
  stopAll();
  rmSync(home, { recursive: true, force: true });
}
console.log(`\nScreenshots in ${SHOTS}`);
console.log(`app: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
