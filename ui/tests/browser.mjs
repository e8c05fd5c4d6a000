// Browser test of the built UI: headless Chromium over a tiny local static server, with the Tauri shell
// replaced by a mock (tests/browser/mock-tauri.js). Visits every screen, runs axe on each (zero violations
// allowed, in light and dark), checks the keyboard path to the main actions, checks the commands sent, and
// saves a screenshot of every screen to target/screenshots/browser-<screen>.png.
// Run `npm run build` first. Exits non-zero on any failure.
import { createServer } from "node:http";
import { readFile, mkdtemp, mkdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { AxeBuilder } from "@axe-core/playwright";
import { installTauriMock } from "./browser/mock-tauri.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const uiDir = path.resolve(here, "..");
const distDir = path.join(uiDir, "dist");
const shotsDir = path.resolve(uiDir, "..", "target", "screenshots");
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const FIXED_NOW = new Date("2026-11-20T10:00:00Z"); // Friday 20 November 2026, 10:00 in London (GMT)

const results = [];
let current = "setup";

function check(condition, message) {
  if (!condition) throw new Error(message);
}

async function step(name, fn) {
  current = name;
  const started = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    results.push({ name, ok: false, error: e });
    console.log(`FAIL ${name}\n     ${String(e?.stack ?? e).split("\n").slice(0, 6).join("\n     ")}`);
  }
}

// ---- a tiny static server on 127.0.0.1, random free port -------------------------------------------------
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
  ".woff2": "font/woff2",
};

function startServer() {
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      let rel = decodeURIComponent(url.pathname);
      if (rel.endsWith("/")) rel += "index.html";
      const file = path.resolve(distDir, "." + rel);
      if (!file.startsWith(distDir + path.sep)) {
        res.writeHead(403).end();
        return;
      }
      const body = await readFile(file);
      res.writeHead(200, {
        "content-type": TYPES[path.extname(file)] ?? "application/octet-stream",
        "cache-control": "no-store",
      });
      res.end(body);
    } catch {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    }
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => resolve(server));
  });
}

// ---- helpers -------------------------------------------------------------------------------------------------
async function axe(page, label) {
  for (const scheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme: scheme });
    await settle(page);
    const result = await new AxeBuilder({ page }).analyze();
    if (result.violations.length > 0) {
      const detail = result.violations
        .map(
          (v) =>
            `${v.id} (${v.impact}): ${v.help}\n       ${v.nodes
              .slice(0, 4)
              .map((n) => `${n.target.join(" ")} :: ${n.failureSummary?.replace(/\n/g, " ")}`)
              .join("\n       ")}`,
        )
        .join("\n     ");
      await page.emulateMedia({ colorScheme: "light" });
      throw new Error(`axe found ${result.violations.length} violation(s) on ${label} (${scheme}):\n     ${detail}`);
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
  await settle(page);
}

async function settle(page) {
  await page.evaluate(
    () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 30)))),
  );
}

async function shot(page, name, { fullPage = true } = {}) {
  await settle(page);
  await page.screenshot({ path: path.join(shotsDir, `browser-${name}.png`), fullPage });
}

/** A short description of the focused element: "button:Lock", "a:Clients", "input#client-search". */
async function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return "body";
    const tag = el.tagName.toLowerCase();
    const name =
      el.getAttribute("aria-label") ||
      (el.labels && el.labels[0] ? el.labels[0].textContent : "") ||
      el.textContent ||
      "";
    return `${tag}${el.id ? "#" + el.id : ""}:${name.trim().replace(/\s+/g, " ").slice(0, 60)}`;
  });
}

/** Presses Tab (or Shift+Tab) until the focused element matches, and returns the path taken. */
async function tabTo(page, matches, { back = false, max = 60 } = {}) {
  const seen = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
    const f = await focused(page);
    seen.push(f);
    if (matches(f)) return seen;
  }
  throw new Error(`Tab never reached the element; it went through:\n       ${seen.join("\n       ")}`);
}

function calls(page) {
  return page.evaluate(() => window.__calls);
}

// The monthly summaries core made for October 2026, which the mock answers the Reports screen with.
const SUMMARIES = {
  internal: JSON.parse(await readFile(path.join(here, "browser", "fixtures", "summary-internal.json"), "utf8")),
  external: JSON.parse(await readFile(path.join(here, "browser", "fixtures", "summary-external.json"), "utf8")),
};

async function newPage(context, mockConfig, errors) {
  const page = await context.newPage();
  await page.clock.setFixedTime(FIXED_NOW);
  const config = { summaries: SUMMARIES, ...mockConfig };
  await page.addInitScript({ content: `(${installTauriMock.toString()})(${JSON.stringify(config)});` });
  page.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console error: ${m.text()}`);
  });
  return page;
}

// ---- the journeys ---------------------------------------------------------------------------------------
async function main() {
  try {
    await stat(path.join(distDir, "index.html"));
  } catch {
    console.error("ui/dist/index.html is missing: run `npm run build` first.");
    process.exit(2);
  }
  await mkdir(shotsDir, { recursive: true });
  const server = await startServer();
  const origin = `http://127.0.0.1:${server.address().port}`;
  const profile = await mkdtemp(path.join(tmpdir(), "throughcare-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
    viewport: { width: 1280, height: 800 },
    locale: "en-GB",
    timezoneId: "Europe/London",
    colorScheme: "light",
  });

  // Nothing may be fetched from anywhere but our own server.
  const offsite = [];
  context.on("request", (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith("data:") && !u.startsWith("blob:")) offsite.push(u);
  });
  const dialogs = [];
  let dialogAnswer = "dismiss"; // how the person answers the next "leave without saving?" question
  const errors = [];

  try {
    // 1. First run -------------------------------------------------------------------------------------------
    const first = await newPage(context, { has_database: false, unlocked: false }, errors);
    await step("first run: shows the set-up form with the passphrase warning", async () => {
      await first.goto(`${origin}/`);
      await first.getByRole("heading", { level: 1, name: "Set up Throughcare" }).waitFor();
      check(await first.getByText("cannot be recovered").isVisible(), "no warning that a lost passphrase cannot be recovered");
      await axe(first, "first run");
      await shot(first, "first-run");
    });
    await step("first run: mismatched passphrases are refused beside the field; the app's error beside its field", async () => {
      await first.getByLabel("Organisation name").fill("Bridges Health Link");
      await first.getByLabel("Your name").fill("Sam Patel");
      await first.getByLabel("Passphrase", { exact: true }).fill("short");
      await first.getByLabel("Type the passphrase again").fill("shirt");
      await first.getByRole("button", { name: "Create database" }).click();
      await first.locator("#confirm-error").waitFor();
      check((await focused(first)).startsWith("input#confirm"), "focus did not move to the confirm box");
      await first.getByLabel("Type the passphrase again").fill("short");
      await first.getByRole("button", { name: "Create database" }).click();
      await first.locator("#passphrase-error").waitFor();
      check(
        (await first.locator("#passphrase-error").innerText()).includes("at least 12 characters"),
        "the app's message was not shown beside the passphrase",
      );
      check(await first.getByRole("alert").filter({ hasText: "at least 12" }).isVisible(), "no alert with the message");
      await axe(first, "first run with errors");
      await shot(first, "first-run-error");
    });
    await step("first run: creating the database opens Today", async () => {
      await first.getByLabel("Passphrase", { exact: true }).fill("river lantern copper seven");
      await first.getByLabel("Type the passphrase again").fill("river lantern copper seven");
      await first.getByRole("button", { name: "Create database" }).click();
      await first.getByRole("heading", { level: 1, name: "Today" }).waitFor();
      const c = await calls(first);
      const create = c.find((x) => x.cmd === "create_database");
      check(
        create?.args?.args?.organisation === "Bridges Health Link" && create.args.args.your_name === "Sam Patel",
        `create_database sent ${JSON.stringify(create)}`,
      );
      check(await first.getByRole("button", { name: "Lock" }).isVisible(), "no Lock button in the header");
    });
    await first.close();

    // 1b. First run on a colleague's computer: join with an invitation file -------------------------------
    const joinPage = await newPage(context, { has_database: false, unlocked: false }, errors);
    const bytes = (text) => Buffer.from(text, "utf8");
    await step("first run: joining offers an invitation file, the one-time code and a new passphrase with the warning", async () => {
      await joinPage.goto(`${origin}/`);
      await joinPage.getByRole("heading", { level: 1, name: "Set up Throughcare" }).waitFor();
      await joinPage.getByLabel("Join your organisation with an invitation file").check();
      await joinPage.getByLabel("Invitation file", { exact: true }).waitFor();
      check(await joinPage.getByLabel("One-time code").isVisible(), "no box for the one-time code");
      check(await joinPage.getByText("cannot be recovered").isVisible(), "no warning that a lost passphrase cannot be recovered");
      check(!(await joinPage.getByLabel("Organisation name").count()), "the new-organisation form is still shown");
      await axe(joinPage, "first run: join");
      await shot(joinPage, "first-run-join");
    });
    await step("first run: a sync file chosen as the invitation is refused beside the file box", async () => {
      await joinPage.getByLabel("Invitation file", { exact: true }).setInputFiles({ name: "sam.tcsync", mimeType: "application/octet-stream", buffer: bytes("THROUGHCARE BUNDLE\nxyz") });
      await joinPage.locator("#join-file-error").waitFor();
      check((await joinPage.locator("#join-file-error").innerText()).includes("This is a sync file, not an invitation"), "wrong message for a sync file");
      const sent = (await calls(joinPage)).filter((c) => c.cmd === "stage_invitation").at(-1);
      check(sent?.args?.raw_bytes === 22, `the file was not sent as raw bytes: ${JSON.stringify(sent)}`);
    });
    await step("first run: a wrong code is refused beside the code box; the right one (any case, spaces) joins and opens Today", async () => {
      await joinPage.getByLabel("Invitation file", { exact: true }).setInputFiles({ name: "alex-laptop.tcinvite", mimeType: "application/octet-stream", buffer: bytes("THROUGHCARE INVITATION\n" + "x".repeat(2000)) });
      await joinPage.getByText("Ready: alex-laptop.tcinvite (2 KB).").waitFor();
      check(!(await joinPage.locator("#join-file-error").count()), "the earlier file error is still shown");
      await joinPage.getByLabel("One-time code").fill("AAAA-BBBB-CCCC-DDDD-EEEE");
      await joinPage.getByLabel("Your passphrase for this computer").fill("river lantern copper seven");
      await joinPage.getByLabel("Type the passphrase again").fill("river lantern copper seven");
      await joinPage.getByRole("button", { name: "Join organisation" }).click();
      await joinPage.locator("#join-code-error").waitFor();
      check((await joinPage.locator("#join-code-error").innerText()).includes("That code does not open this invitation"), "the app's message is not beside the code");
      check((await focused(joinPage)).startsWith("input#join-code"), `focus is on ${await focused(joinPage)}`);
      await axe(joinPage, "first run: join with a wrong code");
      await shot(joinPage, "first-run-join-error");
      await joinPage.getByLabel("One-time code").fill("k7qm 3xpf 9htr 2wdn 6ycb");
      await joinPage.getByRole("button", { name: "Join organisation" }).click();
      await joinPage.getByRole("heading", { level: 1, name: "Today" }).waitFor();
      check((await joinPage.locator(".user").innerText()).includes("Alex Morgan"), "not signed in as the invited person");
      const join = (await calls(joinPage)).filter((c) => c.cmd === "join_organisation").at(-1).args.args;
      check(join.code === "k7qm 3xpf 9htr 2wdn 6ycb" && join.passphrase === "river lantern copper seven", JSON.stringify(join));
    });
    await joinPage.close();

    const slowPage = await newPage(context, { has_database: true, unlocked: false, unlock_delay_ms: 6500 }, errors);
    await step("unlock: a slow first unlock after an update says why it is taking a while, then opens Today", async () => {
      await slowPage.goto(`${origin}/`);
      await slowPage.getByRole("heading", { level: 1, name: "Unlock Throughcare" }).waitFor();
      check((await slowPage.locator("#unlock-slow").count()) === 0, "the note shows before anything is slow");
      await slowPage.locator("#unlock-name").fill("Sam Patel");
      await slowPage.locator("#passphrase").fill("correct horse battery staple");
      await slowPage.keyboard.press("Enter");
      await slowPage.locator("#unlock-slow").waitFor({ timeout: 5000 });
      check((await slowPage.locator("#unlock-slow").innerText()).includes("can take a few minutes"), "the note's words");
      check(await slowPage.getByRole("button", { name: "Unlocking…" }).isDisabled(), "unlock can be pressed twice");
      await shot(slowPage, "unlock-slow");
      await axe(slowPage, "unlock while slow");
      await slowPage.getByRole("heading", { level: 1, name: "Today" }).waitFor();
    });
    await slowPage.close();

    // 2. Unlock, by keyboard only -----------------------------------------------------------------------------
    const page = await newPage(
      context,
      { has_database: true, unlocked: false, demo_passphrase: "correct horse battery staple" },
      errors,
    );
    page.on("dialog", async (d) => {
      dialogs.push(d.message());
      await (dialogAnswer === "accept" ? d.accept() : d.dismiss());
    });
    await step("unlock: shows the demo name and passphrase; the skip link comes first and moves focus to main", async () => {
      await page.goto(`${origin}/`);
      await page.getByRole("heading", { level: 1, name: "Unlock Throughcare" }).waitFor();
      check(
        (await page.locator("#demo-note").innerText()).includes(
          "Demo database: sign in as Sam Patel with the passphrase correct horse battery staple",
        ),
        "demo name and passphrase not shown",
      );
      await page.waitForFunction(() => document.activeElement?.id === "unlock-name");
      const first = await page.evaluate(() => {
        const all = [...document.querySelectorAll("a[href], button, input, select, textarea, [tabindex]")].filter(
          (el) => el.tabIndex >= 0 && !el.disabled,
        );
        return all[0]?.textContent?.trim();
      });
      check(first === "Skip to main content", `the first focusable element is ${first}`);
      await tabTo(page, (f) => f.startsWith("a:Skip to main content"), { back: true });
      await page.keyboard.press("Enter");
      check((await focused(page)).startsWith("main#main"), `the skip link moved focus to ${await focused(page)}`);
    });
    await step("unlock: no name is asked for in words; a wrong passphrase shows the error beside the field and in an alert", async () => {
      await tabTo(page, (f) => f.startsWith("input#passphrase"));
      await page.keyboard.type("wrong passphrase");
      await page.keyboard.press("Enter");
      await page.locator("#unlock-name-error").waitFor();
      check((await page.locator("#unlock-name-error").innerText()).includes("Enter your name"), "no name asked for");
      await page.locator("#unlock-name").focus();
      await page.keyboard.type("sam patel");
      await page.keyboard.press("Enter");
      await page.locator("#passphrase-error").waitFor();
      const said = "That name and passphrase do not unlock this database";
      check((await page.locator("#passphrase-error").innerText()).includes(said), "wrong-passphrase message not beside the field");
      check(await page.getByRole("alert").filter({ hasText: said }).isVisible(), "no alert");
      check(
        (await page.locator("#passphrase").getAttribute("aria-invalid")) === "true",
        "passphrase box not marked invalid",
      );
      await axe(page, "unlock with error");
      await shot(page, "unlock");
    });
    await step("unlock: the right passphrase (typed) opens Today", async () => {
      await page.locator("#passphrase").focus();
      await page.keyboard.press("Control+A");
      await page.keyboard.type("correct horse battery staple");
      await page.keyboard.press("Enter");
      await page.getByRole("heading", { level: 1, name: "Today" }).waitFor();
    });

    // 3. Today ----------------------------------------------------------------------------------------------
    await step("today: agenda, released-without-appointment, outcomes, referrals, follow-ups", async () => {
      await page.getByText("Siobhán O'Brien").first().waitFor();
      const released = page.locator("section.urgent");
      check((await released.innerText()).includes("Siobhán O'Brien"), "Siobhán not in the released list");
      check((await released.innerText()).includes("Łukasz Nowak"), "Łukasz not in the released list");
      check((await released.innerText()).includes("Released Sat 14 November 2026 (6 days ago)"), "release wording");
      const week = await page.locator("section", { has: page.locator("#week-h") }).innerText();
      check(week.includes("(5 of 6)"), `this week does not say 5 of 6: ${week.slice(0, 80)}`);
      // Appointments nobody is going with are in Needs attention (no second list of them on Today).
      await page.locator("section[aria-labelledby=attention-nobody-h]").getByText("Jade Thompson").first().waitFor();
      check(!(await page.locator("#companion-h").count()), "a second list of appointments needing someone");
      const refs = await page.locator("section", { has: page.locator("#referrals-h") }).innerText();
      check(refs.includes("Mohammed Al-Farsi") && refs.includes("GP registration"), "waiting referral missing");
      const tasks = await page.locator("section", { has: page.locator("#tasks-h") }).innerText();
      check(tasks.includes("Phone Dafydd about the missed appointment"), "follow-up missing");
      const todayList = await page.locator("section", { has: page.locator("#today-h") }).innerText();
      check(todayList.includes("10:30") && todayList.includes("With Aisha Rahman"), "today's agenda wrong");
      check(
        todayList.includes("Nobody named to go with them"),
        "today's appointment needing a companion is not flagged",
      );
      await axe(page, "today");
      await shot(page, "today");
      await page.emulateMedia({ colorScheme: "dark" });
      await shot(page, "today-dark");
      await page.emulateMedia({ colorScheme: "light" });
      await shot(page, "today-viewport", { fullPage: false });
    });
    await step("today: keyboard reaches the header links, Lock and the main actions", async () => {
      // Focus is on the heading after unlocking; go back up to the header, then down through the page.
      const up = await tabTo(page, (f) => f.startsWith("a:Today"), { back: true });
      check(up.some((f) => f.startsWith("button:Lock")), `Shift+Tab did not pass Lock: ${up.join(" | ")}`);
      check(up.some((f) => f.startsWith("a:Clients")), "Shift+Tab did not pass Clients");
      await tabTo(page, (f) => f.includes("Book an appointment for Siobhán"));
      await tabTo(page, (f) => f.startsWith("input") && f.includes("Attended"));
    });
    await step("today: an outcome is recorded in two key presses (choose, save)", async () => {
      // Focus is on the first "Attended" choice (Precious's GP appointment, the oldest... or Dafydd's).
      const before = (await calls(page)).length;
      await page.keyboard.press("Space");
      await page.keyboard.press("Tab");
      check((await focused(page)).startsWith("button:Save"), `Tab after choosing went to ${await focused(page)}`);
      await page.keyboard.press("Enter");
      await page.waitForFunction(
        (n) => window.__calls.slice(n).some((c) => c.cmd === "record_outcome"),
        before,
      );
      const rec = (await calls(page)).slice(before).find((c) => c.cmd === "record_outcome");
      check(rec.args.args.record.outcome === "attended", `recorded ${JSON.stringify(rec.args)}`);
      check(rec.args.args.id === "a-dafydd-mh", `recorded the wrong appointment: ${rec.args.args.id}`);
      await page.waitForFunction(() => document.querySelectorAll(".quick-outcome").length === 2);
      await page.waitForFunction(() => document.getElementById("announcer")?.textContent?.includes("Saved"));
    });
    await step("today: choosing Rescheduled asks for the new time; Cancel goes back to the choices", async () => {
      const row = page.locator(".quick-outcome", { hasText: "Mohammed" });
      await row.getByLabel("Rescheduled").check();
      const form = row.getByRole("form", { name: /Move the appointment/ });
      await form.waitFor();
      check(!(await row.getByRole("button", { name: "Save", exact: true }).count()), "Save shown beside the new-time form");
      await form.getByRole("button", { name: "Move appointment" }).click();
      await form.locator(".field-error").first().waitFor();
      const errs = await form.innerText();
      check(errs.includes("Say who moved it") && errs.includes("Enter the new date"), `messages: ${errs}`);
      await axe(page, "today: reschedule");
      await form.getByRole("button", { name: "Cancel" }).click();
      await form.waitFor({ state: "detached" });
      check(!(await calls(page)).some((c) => c.cmd === "reschedule_appointment"), "moved although cancelled");
    });
    await step("today: the mouse path records Did not attend for the other one", async () => {
      const row = page.locator(".quick-outcome", { hasText: "Precious" });
      await row.getByLabel("Did not attend").check();
      await row.getByRole("button", { name: "Save" }).click();
      await row.waitFor({ state: "detached" });
      await page.waitForFunction(() => document.querySelectorAll(".quick-outcome").length === 1);
      const rec = (await calls(page)).filter((c) => c.cmd === "record_outcome").pop();
      check(rec.args.args.record.outcome === "dna" && rec.args.args.id === "a-precious-gp", JSON.stringify(rec.args));
      await axe(page, "today after recording");
    });

    // 4. Clients --------------------------------------------------------------------------------------------
    await step("clients: reached by keyboard; search as you type is debounced", async () => {
      await page.locator("main h1").focus();
      await tabTo(page, (f) => f.startsWith("a:Clients"), { back: true });
      await page.keyboard.press("Enter");
      await page.getByRole("heading", { level: 1, name: "Clients" }).waitFor();
      await page.getByText("Showing 1 to 25 of").waitFor();
      const summary = await page.locator(".summary").innerText();
      check(/Showing 1 to 25 of \d+ clients/.test(summary), `summary: ${summary}`);
      const path1 = await tabTo(page, (f) => f.startsWith("input#client-search"));
      check(path1.some((f) => f.startsWith("button:Add a client")), `Tab did not reach Add a client: ${path1.join(" | ")}`);
      const before = (await calls(page)).filter((c) => c.cmd === "clients").length;
      await page.keyboard.type("nowak", { delay: 30 });
      await page.getByText("Showing 1 to 1 of 1 client.").waitFor();
      const after = (await calls(page)).filter((c) => c.cmd === "clients");
      check(after.length - before <= 2, `typing 5 letters sent ${after.length - before} searches`);
      check(after.at(-1).args.args.filter.query === "nowak", "query not sent");
      check((await page.locator("#results tbody").innerText()).includes("Łukasz Nowak"), "Łukasz not found");
    });
    await step("clients: search by identifier and filters; axe; screenshot", async () => {
      await page.locator("#client-search").fill("A1234BC");
      await page.getByRole("link", { name: "Mohammed Al-Farsi" }).waitFor();
      await page.getByText("Showing 1 to 1 of 1 client.", { exact: true }).waitFor();
      check((await page.locator("#results tbody").innerText()).includes("Mohammed Al-Farsi"), "prison number search");
      await page.locator("#client-search").fill("");
      await page.getByLabel("Justice status").selectOption("on_licence");
      await page.waitForFunction(() => document.querySelector(".summary")?.textContent?.includes("Showing 1 to"));
      const f = (await calls(page)).filter((c) => c.cmd === "clients").at(-1).args.args.filter;
      check(f.justice_status === "on_licence" && f.open === true, `filter sent: ${JSON.stringify(f)}`);
      await page.getByLabel("Justice status").selectOption("");
      await page.locator("#client-search").fill("o");
      await page.waitForFunction(() => /Showing 1 to \d+ of \d+/.test(document.querySelector(".summary")?.textContent ?? ""));
      await settle(page);
      await axe(page, "clients");
      await shot(page, "clients");
    });
    await step("clients: paging shows the total and moves between pages", async () => {
      await page.locator("#client-search").fill("");
      await page.getByLabel("Support", { exact: true }).selectOption("");
      await page.getByText(/Showing 1 to 25 of 36 clients/).waitFor();
      await page.getByRole("button", { name: "Next page" }).click();
      await page.getByText("Showing 26 to 36 of 36 clients.").waitFor();
      check(await page.getByText("Page 2 of 2").isVisible(), "no page count");
      await page.getByRole("button", { name: "Previous page" }).click();
      await page.getByText(/Showing 1 to 25 of 36/).waitFor();
    });
    await step("clients: add a client (error beside the field, then success opens the record)", async () => {
      await page.getByRole("button", { name: "Add a client" }).first().click();
      const dialog = page.getByRole("dialog", { name: "Add a client" });
      await dialog.waitFor();
      await dialog.getByRole("button", { name: "Add client" }).click();
      await page.locator("#new-given_name-error").waitFor();
      check(
        (await page.locator("#new-given_name-error").innerText()).includes("Enter a name"),
        "the app's message is not beside Given name",
      );
      await axe(page, "add a client");
      await shot(page, "add-client", { fullPage: false });
      await dialog.getByLabel("Given name").fill("Amara");
      await dialog.getByLabel("Family name").fill("Mensah-Ôkè");
      await dialog.getByLabel("Day").fill("3");
      await dialog.getByLabel("Month").fill("8");
      await dialog.getByLabel("Year").fill("1996");
      await dialog.getByLabel("Justice status").selectOption("on_licence");
      // Equality monitoring: optional, explained, and ethnicity grouped as the census groups it.
      const equality = dialog.getByRole("group", { name: "Equality monitoring (optional)" });
      check((await equality.innerText()).includes("the person can choose not to say"), "no word of why it is asked");
      const groups = await equality.locator("#new-ethnicity optgroup").evaluateAll((gs) => gs.map((g) => g.label));
      check(
        JSON.stringify(groups) ===
          JSON.stringify(["Asian or Asian British", "Black, Black British, Caribbean or African", "Mixed or multiple", "White", "Other ethnic group"]),
        `ethnicity groups: ${JSON.stringify(groups)}`,
      );
      check((await equality.getByLabel("Gender").inputValue()) === "", "gender is not 'Not recorded' to begin with");
      await equality.getByLabel("Gender").selectOption({ label: "Woman" });
      await equality.getByLabel("Ethnicity").selectOption({ label: "Any other Black background" });
      await equality.getByLabel("Do they consider themselves disabled?").selectOption({ label: "Prefer not to say" });
      await axe(page, "add a client with equality monitoring");
      await dialog.getByRole("button", { name: "Add client" }).click();
      await page.getByRole("heading", { level: 1, name: "Amara Mensah-Ôkè" }).waitFor();
      const create = (await calls(page)).filter((c) => c.cmd === "create_client").at(-1).args.args.fields;
      check(
        create.date_of_birth === "1996-08-03" && create.justice_status === "on_licence" && create.given_name === "Amara",
        `create_client sent ${JSON.stringify(create)}`,
      );
      check(
        create.gender === "woman" && create.ethnicity === "black_other" && create.disability === "not_stated",
        `create_client sent gender ${create.gender}, ethnicity ${create.ethnicity}, disability ${create.disability}`,
      );
      const recorded = await page.locator("#client-equality").innerText();
      check(recorded.includes("Black, Black British, Caribbean or African: any other Black background"), `equality on the record: ${recorded}`);
    });

    // 5. Client record ----------------------------------------------------------------------------------------
    await step("client record: opens from a search; risk flags, countdown, GP, needs, consent, timeline", async () => {
      await page.getByRole("button", { name: "Back to clients" }).click();
      await page.getByRole("heading", { level: 1, name: "Clients" }).waitFor();
      await page.locator("#client-search").fill("siob");
      await page.getByRole("link", { name: "Siobhán O'Brien" }).click();
      await page.getByRole("heading", { level: 1, name: "Siobhán O'Brien" }).waitFor();
      const risk = await page.locator("section.risk").innerText();
      check(risk.includes("Self-harm") && risk.includes("Overdose risk"), `risk banner: ${risk}`);
      check(await page.getByText("Released 6 days ago").isVisible(), "no release countdown");
      check(await page.getByText("Not registered").first().isVisible(), "GP status missing");
      const timeline = await page.locator("ol.timeline").innerText();
      const order = ["Gate pick-up", "Acknowledged", "Prison visit", "Did not attend"].map((t) => timeline.indexOf(t));
      check(order.every((i, k) => i >= 0 && (k === 0 || i > order[k - 1])), `timeline order wrong: ${order}`);
      await axe(page, "client record");
      await shot(page, "client");
      await page.emulateMedia({ colorScheme: "dark" });
      await shot(page, "client-dark", { fullPage: false });
      await page.emulateMedia({ colorScheme: "light" });
    });
    await step("client record: edit shows the app's validation message beside the field; sends only changes", async () => {
      await page.getByRole("button", { name: "Edit details" }).click();
      await page.getByRole("heading", { name: "Edit details" }).waitFor();
      check((await focused(page)).startsWith("input#edit-given_name"), "focus did not go to the first field");
      await page.getByLabel("Preferred name").fill("Shiv");
      await page.getByLabel("NHS number").fill("1234567890");
      await page.getByRole("button", { name: "Save changes" }).click();
      await page.locator("#edit-nhs_number-error").waitFor();
      check(
        (await page.locator("#edit-nhs_number-error").innerText()).includes("not a valid NHS number"),
        "NHS number message not beside the field",
      );
      check((await focused(page)).startsWith("input#edit-nhs_number"), `focus on ${await focused(page)}`);
      const sent = (await calls(page)).filter((c) => c.cmd === "update_client").at(-1).args.args;
      check(
        JSON.stringify(sent.patch) === JSON.stringify({ preferred_name: "Shiv", nhs_number: "1234567890" }),
        `patch was ${JSON.stringify(sent.patch)}`,
      );
      await axe(page, "edit with an error");
      await page.locator("#edit-nhs_number").scrollIntoViewIfNeeded();
      await shot(page, "edit");
      await shot(page, "edit-viewport", { fullPage: false });
    });
    await step("client record: leaving with unsaved changes asks first (and staying keeps them)", async () => {
      const before = dialogs.length;
      await page.getByRole("link", { name: "Today" }).click();
      check(dialogs.length === before + 1, "no question before leaving");
      check(dialogs.at(-1).includes("not saved"), `question was: ${dialogs.at(-1)}`);
      check(await page.getByRole("heading", { level: 1, name: "Siobhán O'Brien" }).isVisible(), "left the page");
      check((await page.getByLabel("Preferred name").inputValue()) === "Shiv", "lost the typed value");
    });
    await step("client record: fixing the value saves only the changed fields", async () => {
      await page.getByLabel("NHS number").fill("943 476 5919");
      await page.getByRole("group", { name: "Expected release date" }).getByLabel("Day").fill("14");
      await page.getByRole("button", { name: "Save changes" }).click();
      await page.getByRole("heading", { name: "Edit details" }).waitFor({ state: "detached" });
      const sent = (await calls(page)).filter((c) => c.cmd === "update_client").at(-1).args.args;
      check(
        JSON.stringify(sent.patch) === JSON.stringify({ preferred_name: "Shiv", nhs_number: "943 476 5919" }),
        `patch was ${JSON.stringify(sent.patch)}`,
      );
      // The record reloads after the save; wait for it rather than reading too soon.
      await page
        .getByText("Known as")
        .waitFor({ timeout: 5000 })
        .catch(() => check(false, "preferred name not shown after saving"));
    });
    await step("client record: equality monitoring is shown, and editing one answer sends only that one", async () => {
      const before = await page.locator("#client-equality").innerText();
      check(/Gender\s+Woman/.test(before) && /Ethnicity\s+White: Irish/.test(before) && /Disabled\s+Not recorded/.test(before), `shown: ${before}`);
      await page.getByRole("button", { name: "Edit details" }).click();
      await page.getByRole("heading", { name: "Edit details" }).waitFor();
      const group = page.getByRole("group", { name: "Equality monitoring (optional)" });
      check((await group.getByLabel("Ethnicity").inputValue()) === "white_irish", "the form does not hold the recorded ethnicity");
      check((await group.getByLabel("Gender").inputValue()) === "woman", "the form does not hold the recorded gender");
      await group.getByLabel("Do they consider themselves disabled?").selectOption({ label: "No" });
      await axe(page, "edit equality monitoring");
      await group.scrollIntoViewIfNeeded();
      await shot(page, "edit-equality", { fullPage: false });
      await page.getByRole("button", { name: "Save changes" }).click();
      await page.getByRole("heading", { name: "Edit details" }).waitFor({ state: "detached" });
      const sent = (await calls(page)).filter((c) => c.cmd === "update_client").at(-1).args.args;
      check(JSON.stringify(sent.patch) === JSON.stringify({ disability: "no" }), `patch was ${JSON.stringify(sent.patch)}`);
      await page.locator("#client-equality").getByText("No", { exact: true }).waitFor();
    });
    await step("client record: book an appointment in London time with a named peer mentor", async () => {
      await page.getByRole("button", { name: "Book an appointment" }).click();
      const form = page.locator("section.book");
      await form.waitFor();
      await form.getByLabel("Kind of appointment").selectOption("gp");
      await form.getByLabel("Provider (optional)").fill("Riverside Medical Practice");
      await form.getByLabel("Day").fill("2");
      await form.getByLabel("Month").fill("4");
      await form.getByLabel("Year").fill("2027");
      await form.getByLabel("Start time").fill("9:30");
      await form.getByLabel("Peer mentor").check();
      await form.getByLabel("Which peer mentor?").selectOption("m-tomasz");
      await page.getByText("Booked for Fri 2 April 2027 at 09:30 (UK time).").waitFor();
      await axe(page, "book an appointment");
      await form.scrollIntoViewIfNeeded();
      await shot(page, "book", { fullPage: false });
      await form.getByRole("button", { name: "Book appointment" }).click();
      await form.waitFor({ state: "detached" });
      const b = (await calls(page)).filter((c) => c.cmd === "book_appointment").at(-1).args.args.booking;
      check(b.starts_at === "2027-04-02T08:30:00Z", `starts_at ${b.starts_at} (09:30 BST is 08:30 UTC)`);
      check(b.planned_accompaniment === "peer_mentor" && b.planned_mentor_id === "m-tomasz", JSON.stringify(b));
      check(b.client_id === "c-siobhan" && b.service_type === "gp", JSON.stringify(b));
      const timeline = await page.locator("ol.timeline").innerText();
      check(timeline.includes("Riverside Medical Practice"), "new appointment not in the timeline");
    });
    await step("client record: reschedule an appointment from the timeline; both ends of the move are shown", async () => {
      const open = page.getByRole("button", { name: "Reschedule the GP appointment on Fri 2 April 2027 at 09:30" });
      await open.click();
      const form = page.getByRole("form", { name: /Move the appointment on Fri 2 April 2027 at 09:30/ });
      await form.waitFor();
      check((await focused(page)).startsWith("input#move-"), `focus on ${await focused(page)}`);
      await form.getByLabel("Cancelled by the service").check();
      await form.getByLabel("Day").fill("9");
      await form.getByLabel("Month").fill("4");
      await form.getByLabel("Year").fill("2027");
      await form.getByLabel("New start time").fill("11:00");
      await form.getByText("Moving to Fri 9 April 2027 at 11:00 (UK time).").waitFor();
      // Leaving with the new time typed asks first.
      const before = dialogs.length;
      await page.getByRole("link", { name: "Clients" }).click();
      check(dialogs.length === before + 1, "no question before leaving the reschedule form");
      await axe(page, "reschedule an appointment");
      await form.scrollIntoViewIfNeeded();
      await shot(page, "reschedule", { fullPage: false });
      await form.getByRole("button", { name: "Move appointment" }).click();
      await form.waitFor({ state: "detached" });
      const mv = (await calls(page)).filter((c) => c.cmd === "reschedule_appointment").at(-1).args.args;
      check(
        mv.starts_at === "2027-04-09T10:00:00Z" && mv.ends_at === null && mv.cancelled_by === "cancelled_by_provider",
        `reschedule sent ${JSON.stringify(mv)}`,
      );
      await page.locator("ol.timeline", { hasText: "Moved to Fri 9 April 2027 at 11:00" }).waitFor({ timeout: 5000 });
      const timeline = await page.locator("ol.timeline").innerText();
      check(timeline.includes("Moved from Fri 2 April 2027 at 09:30"), "the new appointment does not say where it came from");
      check(timeline.includes("Cancelled by the service"), "the old appointment is not marked cancelled");
      check(
        !(await page.getByRole("button", { name: "Reschedule the GP appointment on Fri 2 April 2027 at 09:30" }).count()),
        "the moved appointment can still be rescheduled",
      );
      check(
        await page.getByRole("button", { name: "Reschedule the GP appointment on Fri 9 April 2027 at 11:00" }).isVisible(),
        "the new appointment cannot be rescheduled",
      );
    });
    await step("client record: record an outcome with a reason on a past appointment", async () => {
      await page.getByRole("link", { name: "Clients" }).click();
      await page.locator("#client-search").fill("al-farsi");
      await page.getByRole("link", { name: "Mohammed Al-Farsi" }).click();
      await page.getByRole("heading", { level: 1, name: "Mohammed Al-Farsi" }).waitFor();
      check(await page.getByText("Release expected in 12 days, on Wed 2 December 2026").isVisible(), "no countdown to release");
      const box = page.locator("section.attention");
      await box.getByLabel("What happened?").selectOption("cancelled_by_patient");
      await box.getByRole("button", { name: "It has a new time: reschedule" }).click();
      const move = box.getByRole("form", { name: /Move the appointment/ });
      await move.waitFor();
      check(await move.getByLabel("Cancelled by client").isChecked(), "who moved it is not taken from the outcome");
      await move.getByRole("button", { name: "Cancel" }).click();
      await box.getByLabel("What happened?").selectOption("dna");
      await box.getByLabel("Why did they not attend?").selectOption("probation_clash");
      await box.getByLabel("Who went with them?").selectOption("none");
      await axe(page, "record an outcome");
      await box.scrollIntoViewIfNeeded();
      await shot(page, "outcome", { fullPage: false });
      await box.getByRole("button", { name: "Save outcome" }).click();
      await box.waitFor({ state: "detached" });
      const rec = (await calls(page)).filter((c) => c.cmd === "record_outcome").at(-1).args.args;
      check(
        rec.id === "a-mohammed-gp" &&
          JSON.stringify(rec.record) ===
            JSON.stringify({
              outcome: "dna",
              dna_reason: "probation_clash",
              actual_accompaniment: "none",
              actual_user_id: null,
              actual_mentor_id: null,
            }),
        `record_outcome sent ${JSON.stringify(rec)}`,
      );
      await page.locator("ol.timeline", { hasText: "Did not attend (clashed with probation)" }).waitFor({ timeout: 5000 }).catch(() => {});
      check((await page.locator("ol.timeline").innerText()).includes("Did not attend (clashed with probation)"), "timeline");
      await page.getByRole("link", { name: "Today" }).click();
      await page.getByRole("heading", { level: 1, name: "Today" }).waitFor();
      await page.getByText("Every past appointment has an outcome").waitFor();
    });
    await step("today: Siobhán is no longer in the released-without-appointment list after booking", async () => {
      await page.locator("section.urgent").waitFor();
      const released = await page.locator("section.urgent").innerText();
      check(!released.includes("Siobhán"), "Siobhán still listed");
      check(released.includes("Łukasz Nowak"), "Łukasz missing");
      await page.getByRole("button", { name: "Book an appointment for Łukasz Nowak" }).click();
      await page.getByRole("heading", { name: "Book an appointment for Łukasz Nowak" }).waitFor();
      check((await focused(page)).startsWith("select#book-service_type"), `focus on ${await focused(page)}`);
      await page.getByRole("button", { name: "Cancel" }).click();
    });
    // 6. Peer mentors --------------------------------------------------------------------------------------
    await step("peer mentors: list with DBS warnings and current links; keyboard; axe; screenshot", async () => {
      await page.locator("#nav-mentors").click();
      await page.getByRole("heading", { level: 1, name: "Peer mentors" }).waitFor();
      check((await focused(page)).startsWith("h1"), `focus on ${await focused(page)}`);
      await page.getByRole("link", { name: "Dee Campbell" }).waitFor();
      const table = page.locator("table");
      await page.waitForFunction(() => document.querySelector("tbody tr td:last-child")?.textContent?.trim() === "2");
      const tomasz = await table.getByRole("row", { name: /Tomasz/ }).innerText();
      check(tomasz.includes("DBS check older than 3 years"), `Tomasz row: ${tomasz}`);
      const dee = await table.getByRole("row", { name: /Dee Campbell/ }).innerText();
      check(!dee.includes("older than 3 years") && dee.includes("Weekday mornings"), `Dee row: ${dee}`);
      await tabTo(page, (f) => f.startsWith("button#add-mentor-open:Add a peer mentor"));
      await tabTo(page, (f) => f.startsWith("a:Dee Campbell"));
      await axe(page, "peer mentors");
      await shot(page, "mentors");
    });
    await step("peer mentors: add a peer mentor (error beside Name, then success opens the profile)", async () => {
      await page.getByRole("button", { name: "Add a peer mentor" }).click();
      const dialog = page.getByRole("dialog", { name: "Add a peer mentor" });
      await dialog.waitFor();
      await tabTo(page, (f) => f.startsWith("input#new-mentor-name:Name"), { max: 10 });
      await dialog.getByRole("button", { name: "Add mentor" }).click();
      await page.locator("#new-mentor-name-error").waitFor();
      await axe(page, "add a peer mentor");
      await shot(page, "add-mentor", { fullPage: false });
      await page.locator("#new-mentor-name").fill("Priya Shah");
      await dialog.getByLabel("Addiction").check();
      await dialog.getByLabel("Women's experience").check();
      await page.locator("#new-mentor-dbs-day").fill("2");
      await page.locator("#new-mentor-dbs-month").fill("3");
      await page.locator("#new-mentor-dbs-year").fill("2026");
      await page.locator("#new-mentor-availability").fill("Evenings");
      await dialog.getByRole("button", { name: "Add mentor" }).click();
      await page.getByRole("heading", { level: 1, name: "Priya Shah" }).waitFor();
      const f = (await calls(page)).filter((c) => c.cmd === "add_mentor").at(-1).args.args.fields;
      check(
        f.display_name === "Priya Shah" &&
          JSON.stringify(f.lived_experience) === JSON.stringify(["addiction", "women"]) &&
          f.dbs_checked_on === "2026-03-02" &&
          f.availability === "Evenings",
        `add_mentor sent ${JSON.stringify(f)}`,
      );
    });
    await step("mentor profile: details, edit in place, link a client with the picker, end a link", async () => {
      await page.getByRole("button", { name: "Back to peer mentors" }).click();
      await page.getByRole("link", { name: "Dee Campbell" }).click();
      await page.getByRole("heading", { level: 1, name: "Dee Campbell" }).waitFor();
      const links = await page.locator("section[aria-labelledby=links-h]").innerText();
      check(links.includes("Siobhán O'Brien") && links.includes("Łukasz Nowak"), `links: ${links}`);
      await tabTo(page, (f) => f.startsWith("button#link-client-open:Link a client"));
      await tabTo(page, (f) => f.includes("End link"));
      await axe(page, "mentor profile");
      await shot(page, "mentor");
      // Edit in place.
      await page.locator("#edit-mentor").click();
      await page.locator("#mentor-availability").fill("Weekday mornings and Saturdays");
      await page.locator("#mentor-training-notes").fill("Naloxone training done. Mental health first aid done.");
      await axe(page, "edit a peer mentor");
      await page.getByRole("button", { name: "Save details" }).click();
      await page.getByText("Weekday mornings and Saturdays").waitFor();
      const patch = (await calls(page)).filter((c) => c.cmd === "update_mentor").at(-1).args.args.patch;
      check(
        JSON.stringify(patch) ===
          JSON.stringify({ training_notes: "Naloxone training done. Mental health first aid done.", availability: "Weekday mornings and Saturdays" }),
        `patch was ${JSON.stringify(patch)}`,
      );
      // Link a client.
      await page.getByRole("button", { name: "Link a client" }).click();
      await page.locator("#link-client-search").waitFor();
      check((await focused(page)).startsWith("input#link-client-search"), `focus on ${await focused(page)}`);
      await page.keyboard.type("mohammed", { delay: 20 });
      await page.getByRole("radio", { name: /Mohammed Al-Farsi/ }).check();
      await axe(page, "link a client");
      await page.locator("section.form-card").scrollIntoViewIfNeeded();
      await shot(page, "mentor-link", { fullPage: false });
      await page.locator("#link-submit").click();
      await page.locator("#link-client-search").waitFor({ state: "detached" });
      const link = (await calls(page)).filter((c) => c.cmd === "link_mentor").at(-1).args.args;
      check(
        link.mentor_id === "m-dee" && link.client_id === "c-mohammed" && link.starts_on === "2026-11-20",
        `link_mentor sent ${JSON.stringify(link)}`,
      );
      await page.locator("section[aria-labelledby=links-h]", { hasText: "Mohammed Al-Farsi" }).waitFor({ timeout: 5000 }).catch(() => {});
      check((await page.locator("section[aria-labelledby=links-h]").innerText()).includes("Mohammed Al-Farsi"), "new link not shown");
      // End a link.
      await page.getByRole("button", { name: "End link with Mohammed Al-Farsi" }).click();
      await page.locator("#end-on-day").waitFor();
      check((await page.locator("#end-on-day").inputValue()) === "20", "end date does not default to today");
      await axe(page, "end a link");
      await shot(page, "mentor-end-link", { fullPage: false });
      await page.getByRole("button", { name: "End the link" }).click();
      await page.locator("#end-on-day").waitFor({ state: "detached" });
      const end = (await calls(page)).filter((c) => c.cmd === "end_mentor_link").at(-1).args.args;
      check(end.ends_on === "2026-11-20", `end_mentor_link sent ${JSON.stringify(end)}`);
      check(!(await page.getByRole("button", { name: "End link with Mohammed Al-Farsi" }).count()), "ended link still current");
    });

    // 7. Referrals ------------------------------------------------------------------------------------------
    await step("referrals: by status, waiting over 14 days, next steps with a date; axe; screenshot", async () => {
      await page.locator("#nav-referrals").click();
      await page.getByRole("heading", { level: 1, name: "Referrals" }).waitFor();
      await page.getByRole("link", { name: "Kwame Mensah" }).waitFor().catch(() => {});
      await page.locator("#referral-results tbody tr").first().waitFor();
      await tabTo(page, (f) => f.startsWith("select#referral-filter"));
      await tabTo(page, (f) => f.startsWith("button:Acknowledged"));
      await axe(page, "referrals");
      await shot(page, "referrals");
      await page.locator("#referral-filter").selectOption("waiting");
      await page.waitForFunction(() => document.querySelector(".summary")?.textContent?.includes("referral"));
      const sent = (await calls(page)).filter((c) => c.cmd === "referrals").at(-1).args.args.filter;
      check(sent.waiting_days === 14 && sent.status === null, `filter sent ${JSON.stringify(sent)}`);
      await page.locator("#referral-filter").selectOption("sent");
      await page.waitForFunction(
        () => [...document.querySelectorAll("#referral-results tbody tr")].length === 2,
      );
      const row = page.getByRole("row", { name: /Hillside Surgery/ });
      await row.getByRole("button", { name: "Accepted" }).click();
      await page.locator("#move-r-mohammed-day").waitFor();
      check((await focused(page)).startsWith("input#move-r-mohammed-day"), `focus on ${await focused(page)}`);
      // A date before the last step: the app's message is shown.
      await page.locator("#move-r-mohammed-month").fill("10");
      await page.locator("#move-r-mohammed-day").fill("1");
      await page.getByRole("button", { name: "Save" }).click();
      await page.locator("#move-r-mohammed-error").waitFor();
      check((await page.locator("#move-r-mohammed-error").innerText()).includes("before the referral's last step"), "no message");
      await axe(page, "move a referral");
      await shot(page, "referrals-move", { fullPage: false });
      await page.locator("#move-r-mohammed-day").fill("18");
      await page.locator("#move-r-mohammed-month").fill("11");
      await page.getByRole("button", { name: "Save" }).click();
      await page.waitForFunction(() => [...document.querySelectorAll("#referral-results tbody tr")].length === 1);
      const move = (await calls(page)).filter((c) => c.cmd === "move_referral").at(-1).args.args;
      check(move.id === "r-mohammed" && move.to === "accepted" && move.on === "2026-11-18", `move sent ${JSON.stringify(move)}`);
      await page.locator("#referral-filter").selectOption("");
      await page.getByRole("link", { name: "Siobhán O'Brien" }).click();
      await page.getByRole("heading", { level: 1, name: "Siobhán O'Brien" }).waitFor();
    });

    // 8. Client record quick actions ---------------------------------------------------------------------------
    await step("client record: log a contact (minutes checked, default date today)", async () => {
      await tabTo(page, (f) => f.startsWith("button#qa-contact:Log a contact"));
      await tabTo(page, (f) => f.startsWith("button#qa-episode:Close support"));
      await page.locator("#qa-contact").click();
      await page.getByRole("heading", { name: "Log a contact" }).waitFor();
      check((await page.locator("#contact-on-day").inputValue()) === "20", "date not today");
      await page.locator("#contact-kind").selectOption("phone");
      await page.getByRole("button", { name: "Save contact" }).click();
      await page.locator("#contact-minutes-error").waitFor();
      await page.locator("#contact-minutes").fill("20");
      await page.locator("#contact-summary").fill("Rang to check the prescription was collected.");
      await axe(page, "log a contact");
      await page.locator("section.action-card").scrollIntoViewIfNeeded();
      await shot(page, "log-contact", { fullPage: false });
      // Typed but not saved: opening another quick action, leaving the record or pressing Cancel all ask
      // first, and answering "stay" keeps what was typed.
      for (const leave of [
        () => page.locator("#qa-referral").click(),
        () => page.getByRole("link", { name: "Today" }).click(),
        () => page.locator("section.action-card").getByRole("button", { name: "Cancel" }).click(),
      ]) {
        const before = dialogs.length;
        await leave();
        check(dialogs.length === before + 1, `no question before closing the contact form (${leave})`);
        check(dialogs.at(-1).includes("not saved"), `question was: ${dialogs.at(-1)}`);
        check(await page.getByRole("heading", { name: "Log a contact" }).isVisible(), "the contact form closed");
        check((await page.locator("#contact-summary").inputValue()).includes("prescription"), "lost the summary");
      }
      await page.getByRole("button", { name: "Save contact" }).click();
      await page.locator("#contact-minutes").waitFor({ state: "detached" });
      const k = (await calls(page)).filter((c) => c.cmd === "log_contact").at(-1).args.args.contact;
      check(k.contact_on === "2026-11-20" && k.kind === "phone" && k.minutes === 20 && k.follow_up_on === null, JSON.stringify(k));
      // The record reloads after saving: wait for it rather than read too soon.
      await page.locator("ol.timeline", { hasText: "prescription was collected" }).waitFor({ timeout: 5000 }).catch(() => {});
      check((await page.locator("ol.timeline").innerText()).includes("prescription was collected"), "contact not in the timeline");
    });
    await step("client record: make a referral; link a peer mentor; mark a follow-up done", async () => {
      await page.locator("#qa-referral").click();
      await page.getByRole("heading", { name: "Make a referral" }).waitFor();
      await page.locator("#referral-service_type").selectOption("mental_health");
      await page.locator("#referral-provider").fill("Talking Space");
      await page.locator("#referral-reason").fill("Low mood since release.");
      await axe(page, "make a referral");
      await page.locator("section.action-card").scrollIntoViewIfNeeded();
      await shot(page, "make-referral", { fullPage: false });
      await page.getByRole("button", { name: "Save referral" }).click();
      await page.locator("#referral-reason").waitFor({ state: "detached" });
      const r = (await calls(page)).filter((c) => c.cmd === "make_referral").at(-1).args.args.referral;
      check(r.status === "sent" && r.on === "2026-11-20" && r.service_type === "mental_health", JSON.stringify(r));
      await page.locator("ol.timeline", { hasText: "Talking Space" }).waitFor({ timeout: 5000 }).catch(() => {});
      check((await page.locator("ol.timeline").innerText()).includes("Talking Space"), "referral not in the timeline");

      // Answering "leave" lets another form take the place of one with changes.
      await page.locator("#qa-mentor").click();
      await page.getByRole("heading", { name: "Link a peer mentor" }).waitFor();
      await page.locator("#link-mentor-id").selectOption("m-tomasz");
      dialogAnswer = "accept";
      const asked = dialogs.length;
      await page.locator("#qa-episode").click();
      dialogAnswer = "dismiss";
      check(dialogs.length === asked + 1, "no question before replacing the link form");
      await page.getByRole("heading", { name: "Close support" }).waitFor();
      check(!(await page.locator("#link-mentor-id").count()), "the link form is still open");
      await page.locator("section.action-card").getByRole("button", { name: "Cancel" }).click();
      check(dialogs.length === asked + 1, "asked although the close-support form was untouched");
      await page.locator("#qa-mentor").click();
      await page.getByRole("heading", { name: "Link a peer mentor" }).waitFor();
      await page.locator("#link-mentor-id").selectOption("m-marcus");
      await axe(page, "link a peer mentor");
      await shot(page, "link-mentor", { fullPage: false });
      await page.getByRole("button", { name: "Link peer mentor" }).click();
      await page.locator("#link-mentor-id").waitFor({ state: "detached" });
      await page.locator("section[aria-labelledby=mentors-h]", { hasText: "Marcus Reid" }).waitFor({ timeout: 5000 }).catch(() => {});
      check((await page.locator("section[aria-labelledby=mentors-h]").innerText()).includes("Marcus Reid"), "Marcus not linked");

      await page.getByRole("button", { name: "Done: Make sure Siobhán has a GP appointment" }).click();
      await page.getByRole("button", { name: "Done: Make sure Siobhán has a GP appointment" }).waitFor({ state: "detached" });
      const t = (await calls(page)).filter((c) => c.cmd === "complete_task").at(-1).args.args;
      check(t.id === "t-2" && t.done === true, JSON.stringify(t));
    });
    await step("client record: close support with a reason, then reopen it", async () => {
      await page.locator("#qa-episode").click();
      await page.getByRole("heading", { name: "Close support" }).waitFor();
      await page.locator("#episode-reason").selectOption("moved_away");
      await axe(page, "close support");
      await shot(page, "close-support", { fullPage: false });
      await page.locator("section.action-card").getByRole("button", { name: "Close support" }).click();
      await page.getByText(/Support closed .*Moved away/).waitFor();
      const cl = (await calls(page)).filter((c) => c.cmd === "close_episode").at(-1).args.args;
      check(cl.on === "2026-11-20" && cl.reason === "moved_away", JSON.stringify(cl));
      await page.locator("#qa-episode", { hasText: "Reopen support" }).click();
      await page.locator("section.action-card").getByRole("button", { name: "Reopen support" }).click();
      await page.getByText(/Support open since/).waitFor();
      check((await calls(page)).some((c) => c.cmd === "reopen_episode"), "reopen not sent");
    });


    // Custody: the justice status follows the episodes ------------------------------------------------------------
    const custodyCard = () => page.locator("section[aria-labelledby=custody-h]");
    const justiceCard = () => page.locator("section[aria-labelledby=details-h]");
    const openRecord = async (search, name) => {
      await page.getByRole("link", { name: "Clients" }).click();
      await page.getByRole("heading", { level: 1, name: "Clients" }).waitFor();
      await page.locator("#client-search").fill(search);
      await page.getByRole("link", { name }).click();
      await page.getByRole("heading", { level: 1, name }).waitFor();
    };
    const announced = (words) =>
      page.waitForFunction((w) => document.getElementById("announcer")?.textContent?.includes(w), words, { timeout: 5000 });
    await step("client record: custody shows each time inside and the release countdown; move prison by keyboard", async () => {
      await openRecord("al-farsi", "Mohammed Al-Farsi");
      const card = await custodyCard().innerText();
      for (const words of ["Custody", "Remand", "Now", "HMP Birmingham", "Mon 14 September 2026", "Wed 2 December 2026", "Release expected in 12 days, on Wed 2 December 2026"])
        check(card.includes(words), `custody card lacks "${words}": ${card}`);
      check(!(await custodyCard().getByRole("button", { name: "Went into custody…" }).count()), "offers going into custody while inside");
      // One countdown on the record, not two.
      check(!(await justiceCard().innerText()).includes("Release in"), "the justice card repeats the countdown");
      await axe(page, "client record with custody");
      await shot(page, "custody");

      // Keyboard only: Tab to the button, Enter opens the form with focus on its heading; Escape closes it.
      await page.getByRole("heading", { level: 1, name: "Mohammed Al-Farsi" }).focus();
      await tabTo(page, (f) => f.startsWith("button#qa-move:Moved prison"));
      await page.keyboard.press("Enter");
      await page.getByRole("heading", { name: "Moved prison" }).waitFor();
      check((await focused(page)).startsWith("h2#custody-move-h"), `focus on ${await focused(page)}`);
      await page.keyboard.press("Escape");
      await page.getByRole("heading", { name: "Moved prison" }).waitFor({ state: "detached" });
      await page.waitForFunction(() => document.activeElement?.id === "qa-move", null, { timeout: 5000 });
      await page.keyboard.press("Enter");
      await page.getByRole("heading", { name: "Moved prison" }).waitFor();
      await page.keyboard.press("Tab");
      check((await focused(page)).startsWith("input#move-establishment"), `focus on ${await focused(page)}`);
      check((await page.locator("#move-establishment").inputValue()) === "HMP Birmingham", "the prison is not filled in");
      await page.keyboard.press("Control+A");
      await page.keyboard.type("HMP Hewell");
      await page.keyboard.press("Tab");
      check((await focused(page)).startsWith("input#move-expected-day"), `focus on ${await focused(page)}`);
      await page.keyboard.press("Control+A");
      await page.keyboard.type("9");
      await page.keyboard.press("Enter");
      await page.getByRole("heading", { name: "Moved prison" }).waitFor({ state: "detached" });
      const mv = (await calls(page)).filter((c) => c.cmd === "move_establishment").at(-1).args.args;
      check(
        JSON.stringify(mv) === JSON.stringify({ id: "cu-2", establishment: "HMP Hewell", expected_release_on: "2026-12-09" }),
        `move sent ${JSON.stringify(mv)}`,
      );
      await custodyCard().getByText("Release expected in 19 days, on Wed 9 December 2026").waitFor({ timeout: 5000 });
      check((await custodyCard().innerText()).includes("HMP Hewell"), "the new prison is not shown");
      check((await justiceCard().innerText()).includes("HMP Hewell"), "the client's prison did not follow");
      await announced("Move recorded: now at HMP Hewell.");
      check((await focused(page)).startsWith("h2#custody-h"), `focus after the move on ${await focused(page)}`);
    });
    await step("client record: a release before custody started is refused beside the date; then recorded, with a 14-day follow-up", async () => {
      await custodyCard().getByRole("button", { name: "Record release…" }).click();
      const form = page.locator("section.action-card");
      await page.getByRole("heading", { name: "Record release" }).waitFor();
      check((await form.innerText()).includes("In custody since Mon 14 September 2026, at HMP Hewell."), "the form does not say which custody");
      const statusChoices = await page.locator("#release-status option").allInnerTexts();
      check(!statusChoices.includes("In custody") && statusChoices.includes("On licence"), `status choices: ${statusChoices}`);
      await page.locator("#release-on-day").fill("1");
      await page.locator("#release-on-month").fill("9");
      await page.locator("#release-status").selectOption({ label: "On licence" });
      await page.locator("#release-licence-day").fill("30");
      await page.locator("#release-licence-month").fill("6");
      await page.locator("#release-licence-year").fill("2027");
      await page.locator("#release-to").fill("Flat 2, 14 Mill Lane, Bristol BS3 4AB");
      await form.getByRole("button", { name: "Record release", exact: true }).click();
      await page.locator("#release-on-error").waitFor();
      check(
        (await page.locator("#release-on-error").innerText()).includes("cannot be before they went into custody"),
        `message: ${await page.locator("#release-on-error").innerText()}`,
      );
      check((await focused(page)).startsWith("input#release-on-day"), `focus on ${await focused(page)}`);
      await axe(page, "record a release with an error");
      await form.scrollIntoViewIfNeeded();
      await shot(page, "custody-release", { fullPage: false });
      await page.locator("#release-on-day").fill("19");
      await page.locator("#release-on-month").fill("11");
      await form.getByRole("button", { name: "Record release", exact: true }).click();
      await page.getByRole("heading", { name: "Record release" }).waitFor({ state: "detached" });
      const rel = (await calls(page)).filter((c) => c.cmd === "record_release").at(-1).args.args;
      check(
        JSON.stringify(rel) ===
          JSON.stringify({
            id: "cu-2",
            release: { on: "2026-11-19", status_after: "on_licence", released_to: "Flat 2, 14 Mill Lane, Bristol BS3 4AB", licence_end: "2027-06-30" },
          }),
        `release sent ${JSON.stringify(rel)}`,
      );
      await justiceCard().getByText("On licence").waitFor({ timeout: 5000 });
      const justice = await justiceCard().innerText();
      for (const words of ["Thu 19 November 2026", "Wed 30 June 2027", "Released yesterday"])
        check(justice.includes(words), `justice card lacks "${words}": ${justice}`);
      check(!justice.includes("HMP Hewell") && !justice.includes("Expected release"), `prison or expected release not cleared: ${justice}`);
      const card = await custodyCard().innerText();
      check(card.includes("Released on") && card.includes("Thu 19 November 2026") && !card.includes("Release expected"), `custody card: ${card}`);
      check(await custodyCard().getByRole("button", { name: "Went into custody…" }).isVisible(), "no way to record going back in");
      // Core's 14-day pathway: each step he needs (no naloxone: drugs are not among his needs), with its own date,
      // in its own card (and not again among the other follow-ups).
      const pathway = await page.locator("section[aria-labelledby=pathway-h]").innerText();
      for (const words of [
        "Day 2 of 14",
        "Released Thu 19 November 2026",
        "0 of 4 steps done",
        "Somewhere to live tonight and next week",
        "Support contact within 2 days (met at the gate)",
        "Registered with a GP",
        "Due Thu 26 November 2026 (in 6 days)",
      ])
        check(pathway.includes(words), `no 14-day step "${words}": ${pathway}`);
      check(!pathway.includes("Naloxone"), `naloxone offered to someone who does not use drugs: ${pathway}`);
      check(!(await page.locator("section[aria-labelledby=tasks-h]").count()), "the steps are listed twice on the record");
      check((await page.locator("section[aria-labelledby=ids-h]").innerText()).includes("14 Mill Lane"), "where they live is not shown");
      await announced("Release recorded: On licence");
      await shot(page, "custody-released");
      // Now that they are out, the edit form offers the other statuses but not In custody.
      await page.getByRole("button", { name: "Edit details" }).click();
      await page.getByRole("heading", { name: "Edit details" }).waitFor();
      const offered = await page.locator("#edit-justice_status option").allInnerTexts();
      check(!offered.includes("In custody") && offered.includes("On licence"), `edit offers ${offered}`);
      await page.getByRole("button", { name: "Cancel" }).click();
      await page.getByRole("heading", { name: "Edit details" }).waitFor({ state: "detached" });
    });
    await step("client record: a recall for someone on licence; the status follows and cannot be typed", async () => {
      await openRecord("okafor", "Chidi Okafor");
      check((await custodyCard().innerText()).includes("No time in custody recorded."), "empty custody not said");
      await custodyCard().getByRole("button", { name: "Went into custody…" }).click();
      await page.getByRole("heading", { name: "Went into custody" }).waitFor();
      check((await focused(page)).startsWith("h2#custody-add-h"), `focus on ${await focused(page)}`);
      check((await page.locator("#custody-started-day").inputValue()) === "20", "the date is not today");
      await page.locator("#custody-kind").selectOption({ label: "Recall" });
      await page.locator("#custody-establishment").fill("HMP Bristol");
      await page.locator("#custody-started-day").fill("18");
      await axe(page, "went into custody");
      await page.locator("section.action-card").getByRole("button", { name: "Save" }).click();
      await page.getByRole("heading", { name: "Went into custody" }).waitFor({ state: "detached" });
      const add = (await calls(page)).filter((c) => c.cmd === "add_custody").at(-1).args.args.fields;
      check(
        JSON.stringify(add) ===
          JSON.stringify({ client_id: "c-chidi", kind: "recall", establishment: "HMP Bristol", started_on: "2026-11-18", expected_release_on: null, released_on: null }),
        `add_custody sent ${JSON.stringify(add)}`,
      );
      await justiceCard().getByText("In custody").waitFor({ timeout: 5000 });
      check((await justiceCard().innerText()).includes("HMP Bristol"), "prison did not follow");
      check((await justiceCard().innerText()).includes("Last released"), "the earlier release is not called the last one");
      const card = await custodyCard().innerText();
      check(card.includes("Recall") && card.includes("Wed 18 November 2026") && card.includes("No release date expected yet."), `custody card: ${card}`);
      await announced("Custody recorded: Recall at HMP Bristol.");
      await page.getByRole("button", { name: "Edit details" }).click();
      await page.getByRole("heading", { name: "Edit details" }).waitFor();
      const justice = page.getByRole("group", { name: "Justice" });
      check((await justice.innerText()).includes("Follows their custody: record a release to change it."), "no hint on the status");
      check(!(await page.locator("select#edit-justice_status").count()), "the status can still be typed");
      await axe(page, "edit while in custody");
      await justice.scrollIntoViewIfNeeded();
      await shot(page, "custody-edit", { fullPage: false });
      await page.getByLabel("Preferred name").fill("Chid");
      await page.getByRole("button", { name: "Save changes" }).click();
      await page.getByRole("heading", { name: "Edit details" }).waitFor({ state: "detached" });
      const patch = (await calls(page)).filter((c) => c.cmd === "update_client").at(-1).args.args.patch;
      check(JSON.stringify(patch) === JSON.stringify({ preferred_name: "Chid" }), `patch was ${JSON.stringify(patch)}`);
    });
    await step("client record: going into custody again while inside is refused beside the start date, saying since when", async () => {
      await openRecord("thompson", "Jade Thompson");
      await custodyCard().getByRole("button", { name: "Went into custody…" }).click();
      await page.getByRole("heading", { name: "Went into custody" }).waitFor();
      await page.locator("#custody-kind").selectOption({ label: "Sentence" });
      await page.locator("#custody-establishment").fill("HMP New Hall");
      // Meanwhile a colleague's remand for her arrives (from another computer's sync file).
      await page.evaluate(() =>
        window.__TAURI_INTERNALS__.invoke("add_custody", {
          args: { fields: { client_id: "c-jade", kind: "remand", establishment: "HMP Low Newton", started_on: "2026-11-10", expected_release_on: null, released_on: null } },
        }),
      );
      await page.locator("section.action-card").getByRole("button", { name: "Save" }).click();
      await page.locator("#custody-started-error").waitFor();
      const msg = await page.locator("#custody-started-error").innerText();
      check(msg.includes("already in custody (since 10 November 2026)"), `message: ${msg}`);
      check((await focused(page)).startsWith("input#custody-started-day"), `focus on ${await focused(page)}`);
      await axe(page, "going into custody refused");
      await page.locator("section.action-card").scrollIntoViewIfNeeded();
      await shot(page, "custody-refused", { fullPage: false });
      // Escape asks first (something was typed); leaving shows the record as it now is.
      dialogAnswer = "accept";
      const asked = dialogs.length;
      await page.keyboard.press("Escape");
      dialogAnswer = "dismiss";
      check(dialogs.length === asked + 1, "Escape closed a form with changes without asking");
      await page.getByRole("heading", { name: "Went into custody" }).waitFor({ state: "detached" });
      await custodyCard().getByText("HMP Low Newton").waitFor({ timeout: 5000 });
      await page.waitForFunction(() => document.activeElement?.id === "custody-h", null, { timeout: 5000 });
      check(await custodyCard().getByRole("button", { name: "Record release…" }).isVisible(), "the record was not reloaded");
    });

    // Tasks and the first 14 days after release (a manager, on a fresh page) ---------------------------------
    const tp = await newPage(context, { has_database: true, unlocked: true }, errors);
    tp.on("dialog", async (d) => {
      dialogs.push(d.message());
      await (dialogAnswer === "accept" ? d.accept() : d.dismiss());
    });
    const announcedOn = (p, words) =>
      p.waitForFunction((w) => document.getElementById("announcer")?.textContent?.includes(w), words, { timeout: 5000 });
    const lastCall = async (p, cmd) => (await calls(p)).filter((c) => c.cmd === cmd).at(-1)?.args?.args;
    const tasksSummary = (p, words) =>
      p.locator("#tasks-summary", { hasText: new RegExp(`^${words.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`) }).waitFor({ timeout: 5000 });
    const squash = (t) => t.replace(/\s+/g, " ").replace(/ ,/g, ",").trim();
    await step("today: the first 14 days after release lists each person, their day, steps done, what is due and next", async () => {
      await tp.goto(`${origin}/`);
      await tp.getByRole("heading", { level: 1, name: "Today" }).waitFor();
      const card = tp.locator("section[aria-labelledby=first-days-h]");
      await card.getByText("Siobhán O'Brien").waitFor();
      const text = await card.innerText();
      for (const words of [
        "First 14 days after release (2)",
        "Day 7 of 14",
        "3 of 6 steps done",
        "Medication and opioid substitution carried on",
        "Due Sun 15 November 2026 (5 days ago)",
        "First drug and alcohol appointment",
        "Next: Registered with a GP, due Sat 21 November 2026 (tomorrow)",
        "Łukasz Nowak",
        "Day 4 of 14",
        "2 of 4 steps done",
        "Nothing due yet.",
        "Next: First drug and alcohol appointment, due Sun 22 November 2026 (in 2 days)",
      ])
        check(text.includes(words), `the first 14 days card lacks "${words}": ${text}`);
      check(text.indexOf("Siobhán") < text.indexOf("Łukasz"), "the one released first is not listed first");
      check((await card.locator(".badge.danger", { hasText: "Overdue" }).count()) === 2, "overdue steps not marked");
      // Near the top: straight after the released-without-appointment alert.
      const order = await tp.evaluate(() => [...document.querySelectorAll("main section[aria-labelledby]")].map((s) => s.getAttribute("aria-labelledby")));
      check(order.indexOf("first-days-h") === order.indexOf("released-h") + 1, `card order: ${order.join(", ")}`);
      await axe(tp, "today with the first 14 days");
      await card.scrollIntoViewIfNeeded();
      await shot(tp, "today-first-days", { fullPage: false });
      await tp.emulateMedia({ colorScheme: "dark" });
      await shot(tp, "today-first-days-dark", { fullPage: false });
      await tp.emulateMedia({ colorScheme: "light" });
    });
    await step("today: a step of the first 14 days is ticked off there", async () => {
      const card = tp.locator("section[aria-labelledby=first-days-h]");
      await card.getByRole("button", { name: "Done: Medication and opioid substitution carried on, for Siobhán O'Brien" }).click();
      await card.getByText("4 of 6 steps done").waitFor({ timeout: 5000 });
      const sent = await lastCall(tp, "complete_task");
      const record = await tp.evaluate(() => window.__TAURI_INTERNALS__.invoke("client_record", { args: { id: "c-siobhan" } }));
      const med = record.pathway.steps.find((s) => s.name.startsWith("Medication"));
      check(sent.id === med.task.id && sent.done === true && med.task.done_at, `complete_task sent ${JSON.stringify(sent)}`);
      check(!(await card.getByRole("button", { name: /^Done: Medication/ }).count()), "the step is still offered");
      await announcedOn(tp, "Done: Medication and opioid substitution carried on, for Siobhán O'Brien.");
      check((await focused(tp)).startsWith("h2#first-days-h"), `focus on ${await focused(tp)}`);
    });
    await step("tasks: See all tasks opens Tasks; a manager sees everyone's, overdue first, each saying why; axe; screenshots", async () => {
      await tp.getByRole("button", { name: "See all tasks" }).click();
      await tp.getByRole("heading", { level: 1, name: "Tasks" }).waitFor();
      await tasksSummary(tp, "10 tasks.");
      check((await tp.locator("#nav-tasks").getAttribute("aria-current")) === "page", "Tasks is not marked as the current page");
      check((await tp.locator("#tasks-whose").inputValue()) === "", "a manager does not start on everyone's tasks");
      const sent = await lastCall(tp, "tasks");
      check(
        JSON.stringify(sent) ===
          JSON.stringify({ filter: { assignee_id: null, client_id: null, due_by: null, include_done: false }, page: { offset: 0, limit: 50 } }),
        `tasks sent ${JSON.stringify(sent)}`,
      );
      const groups = (await tp.locator("main section.group > h2").allInnerTexts()).map(squash);
      check(JSON.stringify(groups) === JSON.stringify(["Overdue (3)", "Due today (1)", "Coming up (6)"]), `sections: ${JSON.stringify(groups)}`);
      const overdue = tp.locator("section.group.overdue");
      const titles = (await overdue.locator("h3").allInnerTexts()).map(squash);
      check(
        JSON.stringify(titles) ===
          JSON.stringify([
            "Chase the housing referral, Overdue",
            "Phone Dafydd about the missed appointment, Overdue",
            "First drug and alcohol appointment: released on 14 November 2026, Overdue",
          ]),
        `overdue, oldest first: ${JSON.stringify(titles)}`,
      );
      const chase = squash(await overdue.locator("li").first().innerText());
      for (const words of [
        "About Kwame Mensah",
        "For Sam Patel",
        "Due Wed 18 November 2026 (2 days ago)",
        "Because the referral to City Housing Options for Kwame was sent on 2 November 2026 and there has been no answer in 14 days.",
      ])
        check(chase.includes(words), `the chase lacks "${words}": ${chase}`);
      check(
        (await overdue.innerText()).includes("Because Dafydd did not attend the GP appointment on 13 November 2026."),
        "no reason for the missed-appointment follow-up",
      );
      const byHand = tp.locator("li.task", { has: tp.getByRole("heading", { name: "Book the team's naloxone training" }) });
      check(!(await byHand.locator(".why").count()) && !(await byHand.innerText()).includes("About"), "a task added by hand says why or about whom");
      check((await byHand.innerText()).includes("Due Fri 27 November 2026 (in 7 days)"), "due date in words");
      // Keyboard: from the heading, Tab reaches the first task's Done.
      await tp.locator("main h1").focus();
      await tabTo(tp, (f) => f.startsWith("button#task-t-3-done:Done: Chase the housing referral (Kwame Mensah)"));
      await axe(tp, "tasks");
      await shot(tp, "tasks");
      await tp.emulateMedia({ colorScheme: "dark" });
      await shot(tp, "tasks-dark", { fullPage: false });
      await tp.emulateMedia({ colorScheme: "light" });
    });
    await step("tasks: filtered by caseworker and by person, and with done ones shown; nothing found says so", async () => {
      const offered = await tp.locator("#tasks-whose option").allInnerTexts();
      check(JSON.stringify(offered) === JSON.stringify(["My tasks", "Everyone", "Aisha Rahman", "Ben Carter"]), `whose tasks: ${offered}`);
      await tp.getByLabel("Whose tasks").selectOption({ label: "Aisha Rahman" });
      await tasksSummary(tp, "1 task.");
      check((await lastCall(tp, "tasks")).filter.assignee_id === "u-aisha", "the caseworker was not sent");
      const aisha = squash(await tp.locator("main section.results").innerText());
      for (const words of ["Follow up from a contact", "About Chidi Okafor", "For Aisha Rahman", "Because a contact logged with Chidi set this follow-up date."])
        check(aisha.includes(words), `Aisha's tasks lack "${words}": ${aisha}`);
      await tp.getByLabel("Whose tasks").selectOption({ label: "My tasks" });
      await tasksSummary(tp, "8 tasks.");
      check((await lastCall(tp, "tasks")).filter.assignee_id === "u-sam", "My tasks is not the person's own");
      await tp.getByLabel("Whose tasks").selectOption({ label: "Everyone" });
      await tasksSummary(tp, "10 tasks.");

      await tp.getByLabel("About a person").fill("siob");
      await tp.getByRole("radio", { name: /Siobhán O'Brien/ }).check();
      await tasksSummary(tp, "3 tasks.");
      check((await lastCall(tp, "tasks")).filter.client_id === "c-siobhan", "the person was not sent");
      check((await tp.locator("main").innerText()).includes("Showing tasks about Siobhán O'Brien."), "does not say whose tasks these are");
      await tp.getByLabel("Show done tasks").check();
      await tasksSummary(tp, "7 tasks.");
      check((await lastCall(tp, "tasks")).filter.include_done === true, "done tasks not asked for");
      const done = tp.locator("section.group.done");
      check(squash(await done.locator("h2").innerText()) === "Done (4)", `done heading: ${await done.locator("h2").innerText()}`);
      check((await done.innerText()).includes("Done Sat 14 November 2026"), "no date done");
      check((await done.getByRole("button", { name: /^Not done yet: / }).count()) === 4, "done tasks cannot be opened again");
      await axe(tp, "tasks about one person, with done ones");
      await tp.getByLabel("Show done tasks").uncheck();
      await tasksSummary(tp, "3 tasks.");
      await tp.getByRole("button", { name: "Show tasks about anyone" }).click();
      await tasksSummary(tp, "10 tasks.");
      await tp.getByLabel("About a person").fill("hussain");
      await tp.getByRole("radio", { name: /Zainab Hussain/ }).check();
      await tasksSummary(tp, "No tasks.");
      check((await tp.locator("main section.results").innerText()).includes("There are no open tasks about Zainab Hussain."), "no plain empty state");
      await axe(tp, "tasks: none found");
      await tp.getByRole("button", { name: "Show tasks about anyone" }).click();
      await tasksSummary(tp, "10 tasks.");
    });
    await step("tasks: add a task: no words and a past date are refused beside their boxes; then added for someone else", async () => {
      await tp.getByRole("button", { name: "Add a task" }).click();
      await tp.getByRole("heading", { name: "Add a task" }).waitFor();
      check((await focused(tp)).startsWith("h2#add-task-h"), `focus on ${await focused(tp)}`);
      check((await tp.getByLabel("Who is it for?").inputValue()) === "u-sam", "not for the person adding it to begin with");
      const form = tp.locator("section[aria-labelledby=add-task-h]");
      await form.getByRole("button", { name: "Add task" }).click();
      await tp.locator("#task-title-error").waitFor();
      check((await tp.locator("#task-title-error").innerText()).includes("Enter what needs doing."), "no message beside the title");
      check((await focused(tp)).startsWith("input#task-title"), `focus on ${await focused(tp)}`);
      check(!(await calls(tp)).some((c) => c.cmd === "add_task"), "asked the app with no words");
      await tp.getByLabel("What needs doing").fill("Phone the GP surgery about Łukasz's registration");
      await tp.getByLabel("About a person (optional)").fill("nowak");
      await form.getByRole("radio", { name: /Łukasz Nowak/ }).check();
      check((await form.innerText()).includes("About Łukasz Nowak."), "does not say who it is about");
      await tp.getByLabel("Who is it for?").selectOption({ label: "Ben Carter" });
      await tp.locator("#task-due-day").fill("19");
      await form.getByRole("button", { name: "Add task" }).click();
      await tp.locator("#task-due-error").waitFor();
      check((await tp.locator("#task-due-error").innerText()).includes("A new task cannot be due before today."), "the app's message is not beside the date");
      check((await focused(tp)).startsWith("input#task-due-day"), `focus on ${await focused(tp)}`);
      check(await tp.getByRole("alert").filter({ hasText: "A new task cannot be due before today." }).isVisible(), "no alert");
      await axe(tp, "add a task with an error");
      await form.scrollIntoViewIfNeeded();
      await shot(tp, "tasks-add-error", { fullPage: false });
      await tp.locator("#task-due-day").fill("25");
      await form.getByRole("button", { name: "Add task" }).click();
      await tp.getByRole("heading", { name: "Add a task" }).waitFor({ state: "detached" });
      const add = (await lastCall(tp, "add_task")).task;
      check(
        add.title === "Phone the GP surgery about Łukasz's registration" &&
          add.client_id === "c-lukasz" &&
          add.assignee_id === "u-ben" &&
          add.due_on === "2026-11-25",
        `add_task sent ${JSON.stringify(add)}`,
      );
      await announcedOn(tp, "Task added for Ben Carter: Phone the GP surgery about Łukasz's registration, due Wed 25 November 2026.");
      await tasksSummary(tp, "11 tasks.");
      const added = tp.locator("li.task", { has: tp.getByRole("heading", { name: "Phone the GP surgery about Łukasz's registration" }) });
      const text = squash(await added.innerText());
      check(text.includes("About Łukasz Nowak") && text.includes("For Ben Carter") && text.includes("Due Wed 25 November 2026 (in 5 days)"), text);
      check((await focused(tp)).startsWith("h3#task-t-added"), `focus after adding on ${await focused(tp)}`);
    });
    await step("tasks: rescheduled by keyboard: a day gone is refused beside the date; Escape closes the form", async () => {
      await tp.locator("#tasks-summary").focus();
      await tabTo(tp, (f) => f.startsWith("button#task-t-3-reschedule"));
      await tp.keyboard.press("Enter");
      const form = tp.getByRole("form", { name: "Reschedule: Chase the housing referral" });
      await form.waitFor();
      check((await focused(tp)).startsWith("input#task-t-3-due-day"), `focus on ${await focused(tp)}`);
      check((await tp.locator("#task-t-3-due-day").inputValue()) === "18", "the form does not start from the due date");
      await tp.keyboard.press("Control+A");
      await tp.keyboard.type("19");
      await tp.keyboard.press("Enter");
      await tp.locator("#task-t-3-due-error").waitFor();
      check((await tp.locator("#task-t-3-due-error").innerText()).includes("Choose today or a later day."), "the app's message is not beside the date");
      check((await focused(tp)).startsWith("input#task-t-3-due-day"), `focus on ${await focused(tp)}`);
      await axe(tp, "reschedule a task with an error");
      await form.scrollIntoViewIfNeeded();
      await shot(tp, "tasks-reschedule-error", { fullPage: false });
      await tp.keyboard.press("Control+A");
      await tp.keyboard.type("27");
      await tp.keyboard.press("Enter");
      await form.waitFor({ state: "detached" });
      const sent = await lastCall(tp, "reschedule_task");
      check(JSON.stringify(sent) === JSON.stringify({ id: "t-3", due_on: "2026-11-27" }), `reschedule_task sent ${JSON.stringify(sent)}`);
      await announcedOn(tp, "Now due Fri 27 November 2026: Chase the housing referral.");
      check(!(await tp.locator("section.group.overdue").innerText()).includes("Chase the housing referral"), "still overdue");
      check((await tp.locator("section.group.later").innerText()).includes("Chase the housing referral"), "not among the coming ones");
      check((await focused(tp)).startsWith("button#task-t-3-reschedule"), `focus after saving on ${await focused(tp)}`);
      const before = (await calls(tp)).length;
      await tp.keyboard.press("Enter");
      await form.waitFor();
      await tp.keyboard.press("Escape");
      await form.waitFor({ state: "detached" });
      await tp.waitForFunction(() => document.activeElement?.id === "task-t-3-reschedule", null, { timeout: 5000 });
      check(!(await calls(tp)).slice(before).some((c) => c.cmd === "reschedule_task"), "Escape saved the date");
    });
    await step("tasks: given to someone else (choosing nobody is refused beside the box)", async () => {
      await tp.getByRole("button", { name: "Give to someone else: Phone Dafydd about the missed appointment (Dafydd Hughes)" }).click();
      const form = tp.getByRole("form", { name: "Give to someone else: Phone Dafydd about the missed appointment" });
      await form.waitFor();
      check((await focused(tp)).startsWith("select#task-t-1-to"), `focus on ${await focused(tp)}`);
      const offered = await tp.locator("#task-t-1-to option").allInnerTexts();
      check(JSON.stringify(offered) === JSON.stringify(["Choose…", "Aisha Rahman", "Ben Carter"]), `offered: ${offered} (peer mentors do not see tasks)`);
      await form.getByRole("button", { name: "Save" }).click();
      await tp.locator("#task-t-1-to-error").waitFor();
      check((await tp.locator("#task-t-1-to-error").innerText()).includes("Choose who should do it."), "no message beside the box");
      await axe(tp, "give a task to someone else");
      await tp.locator("#task-t-1-to").selectOption({ label: "Aisha Rahman" });
      await form.getByRole("button", { name: "Save" }).click();
      await form.waitFor({ state: "detached" });
      const sent = await lastCall(tp, "reassign_task");
      check(JSON.stringify(sent) === JSON.stringify({ id: "t-1", assignee_id: "u-aisha" }), `reassign_task sent ${JSON.stringify(sent)}`);
      await announcedOn(tp, "Given to Aisha Rahman: Phone Dafydd about the missed appointment.");
      const row = tp.locator("li.task", { has: tp.locator("#task-t-1-h") });
      check((await row.innerText()).includes("For Aisha Rahman"), "the row does not say who it is for now");
      check((await focused(tp)).startsWith("button#task-t-1-reassign"), `focus after saving on ${await focused(tp)}`);
    });
    await step("tasks: an overdue task is marked done (and can be opened again); focus moves on to the next", async () => {
      const name = "Done: First drug and alcohol appointment: released on 14 November 2026 (Siobhán O'Brien)";
      await tp.getByRole("button", { name }).click();
      await tp.getByRole("button", { name }).waitFor({ state: "detached" });
      const sent = await lastCall(tp, "complete_task");
      check(sent.done === true, `complete_task sent ${JSON.stringify(sent)}`);
      await announcedOn(tp, "Done: First drug and alcohol appointment: released on 14 November 2026.");
      await tasksSummary(tp, "10 tasks.");
      check(squash(await tp.locator("section.group.overdue > h2").innerText()) === "Overdue (1)", "the overdue count did not go down");
      check((await focused(tp)).startsWith("h3#task-"), `focus after Done on ${await focused(tp)}`);
      // Done by mistake: Show done tasks, and Not done yet puts it back.
      await tp.getByLabel("Show done tasks").check();
      await tp.getByRole("button", { name: name.replace(/^Done: /, "Not done yet: ") }).click();
      await tp.getByRole("button", { name }).waitFor({ timeout: 5000 });
      check((await lastCall(tp, "complete_task")).done === false, "not sent as not done");
      await tp.getByLabel("Show done tasks").uncheck();
      await tasksSummary(tp, "11 tasks.");
    });
    await step("client record: the first 14 days card: release, day, progress in words, steps in due order; Done ticks one off", async () => {
      await tp.locator("section.group.later").getByRole("link", { name: "Siobhán O'Brien" }).first().click();
      await tp.getByRole("heading", { level: 1, name: "Siobhán O'Brien" }).waitFor();
      const card = tp.locator("section[aria-labelledby=pathway-h]");
      const text = await card.innerText();
      for (const words of ["First 14 days after release", "Day 7 of 14", "Released Sat 14 November 2026", "4 of 6 steps done", "Done Sat 14 November 2026", "Due Sat 21 November 2026 (tomorrow)"])
        check(text.includes(words), `the pathway card lacks "${words}": ${text}`);
      const order = [
        "Naloxone offered",
        "Medication and opioid substitution carried on",
        "Somewhere to live tonight and next week",
        "Support contact within 2 days (met at the gate)",
        "First drug and alcohol appointment",
        "Registered with a GP",
      ].map((s) => text.indexOf(s));
      check(order.every((i, k) => i >= 0 && (k === 0 || i > order[k - 1])), `steps not in due order: ${order}`);
      check((await card.locator("li.step.overdue").innerText()).includes("First drug and alcohol appointment"), "the overdue step is not marked");
      check((await card.getByRole("button", { name: /^Done: / }).count()) === 2, "Done offered for steps already done");
      check(await card.locator(".bar").getAttribute("aria-hidden") === "true", "the bar is not hidden behind its words");
      const followUps = await tp.locator("section[aria-labelledby=tasks-h]").innerText();
      check(followUps.includes("Make sure Siobhán has a GP appointment") && !followUps.includes("Registered with a GP"), `follow-ups: ${followUps}`);
      await axe(tp, "client record with the first 14 days");
      await card.scrollIntoViewIfNeeded();
      await shot(tp, "client-first-days", { fullPage: false });
      await tp.emulateMedia({ colorScheme: "dark" });
      await shot(tp, "client-first-days-dark", { fullPage: false });
      await tp.emulateMedia({ colorScheme: "light" });
      await card.getByRole("button", { name: "Done: Registered with a GP" }).click();
      await card.getByText("5 of 6 steps done").waitFor({ timeout: 5000 });
      check((await lastCall(tp, "complete_task")).done === true, "not sent as done");
      check(!(await card.getByRole("button", { name: "Done: Registered with a GP" }).count()), "the step is still offered");
      await announcedOn(tp, "Done: Registered with a GP.");
      check((await focused(tp)).startsWith("h2#pathway-h"), `focus on ${await focused(tp)}`);
    });
    await tp.close();

    await step("caseworker: Tasks starts on their own; 50 at a time, with Show more and how many in all", async () => {
      const cwt = await newPage(context, { has_database: true, unlocked: true, role: "caseworker", extra_tasks: 60 }, errors);
      await cwt.goto(`${origin}/`);
      await cwt.getByRole("heading", { level: 1, name: "Today" }).waitFor();
      await cwt.locator("#nav-tasks").click();
      await cwt.getByRole("heading", { level: 1, name: "Tasks" }).waitFor();
      await tasksSummary(cwt, "Showing 50 of 61 tasks.");
      check((await cwt.locator("#tasks-whose").inputValue()) === "u-aisha", "a caseworker does not start on My tasks");
      check((await lastCall(cwt, "tasks")).filter.assignee_id === "u-aisha", "their own tasks were not asked for");
      check((await cwt.locator("main li.task").count()) === 50, "not 50 shown");
      await axe(cwt, "tasks for a caseworker");
      await cwt.getByRole("button", { name: "Show more" }).click();
      await tasksSummary(cwt, "61 tasks.");
      check((await cwt.locator("main li.task").count()) === 61, "not all shown");
      const more = await lastCall(cwt, "tasks");
      check(JSON.stringify(more.page) === JSON.stringify({ offset: 50, limit: 50 }), `Show more asked for ${JSON.stringify(more.page)}`);
      check((await focused(cwt)).startsWith("h3#task-"), `focus after Show more on ${await focused(cwt)}`);
      check(!(await cwt.getByRole("button", { name: "Show more" }).count()), "Show more offered with nothing more");
      await cwt.close();
    });

    // Reports (a manager) --------------------------------------------------------------------------------
    const lastSummaryRequest = async (p) => (await calls(p)).filter((c) => c.cmd === "monthly_summary").at(-1)?.args?.args?.request;
    const chartNamed = (p, start) => p.locator(`svg[role="img"][aria-label^="${start}"]`);
    await step("reports: reached by keyboard; last month by default; headline figures; every chart drawn in the page with a name", async () => {
      await page.locator("main h1").focus();
      await tabTo(page, (f) => f.startsWith("a#nav-reports:Reports"), { back: true });
      await page.keyboard.press("Enter");
      await page.getByRole("heading", { level: 1, name: "Reports" }).waitFor();
      await page.getByRole("heading", { level: 2, name: "October 2026: Bridges Health Link, the whole organisation" }).waitFor();
      check((await page.locator("#report-month").inputValue()) === "10", "the month is not October (the month before 20 November)");
      check((await page.locator("#report-year").inputValue()) === "2026", "the year is not 2026");
      const req = await lastSummaryRequest(page);
      check(JSON.stringify(req) === JSON.stringify({ month: "2026-10", scope: { kind: "organisation" }, audience: "internal" }), `monthly_summary sent ${JSON.stringify(req)}`);
      check((await page.locator("#report-audience-line").innerText()).includes("internal summary"), "does not say it is internal");
      const tiles = await page.locator("dl.headlines").innerText();
      for (const want of ["Active clients\n203", "New clients\n11", "Support contacts\n211", "Attendance\n76.2%", "Referrals sent\n27", "Releases from custody\n5"])
        check(tiles.includes(want), `headline figures lack "${want.replace("\n", ": ")}": ${tiles}`);
      check(!(await page.locator("#report-provisional").count()), "October is marked provisional although every computer's work has arrived");
      // Accompanied against alone, this month and over the year.
      const attendance = await chartNamed(page, "Attendance rate in October 2026").getAttribute("aria-label");
      check(attendance.includes("Someone went with them: 77.2%") && attendance.includes("They went alone: 75.6%"), `attendance chart: ${attendance}`);
      for (const [start, want] of [
        ["Active clients in each month", "November 2025: 100"],
        ["Attendance rate in each month", "They went alone. November 2025: 73.2%"],
        ["Referrals sent in each month", "September 2026: 27"],
        ["Releases seen by a health service within 14 days", "December 2025: 41.7%"],
        ["Active clients in October 2026, by gender", "Woman: 51"],
        ["Active clients in October 2026, by ethnic group", "White: 148"],
        ["Active clients in October 2026, by disability", "Yes:"],
        ["Active clients in October 2026, by age", "25 to 34: 52"],
      ]) {
        const name = await chartNamed(page, start).getAttribute("aria-label");
        check(name?.includes(want), `the chart "${start}" is missing or its name lacks "${want}": ${name}`);
      }
      for (const caption of ["by gender", "by ethnic group", "by disability", "by age at the end of the month"])
        check(await page.locator("caption", { hasText: `Active clients in October 2026, ${caption}` }).isVisible(), `no equality table ${caption}`);
      const drawn = await page.evaluate(() => ({
        charts: document.querySelectorAll('figure.chart svg[role="img"][aria-label]').length,
        unnamed: [...document.querySelectorAll("main svg:not([aria-label])")].filter((el) => !el.closest('[aria-hidden="true"]')).length,
        images: document.querySelectorAll("main img, main object, main iframe, main image, main use").length,
      }));
      check(drawn.charts === 12 && drawn.unnamed === 0 && drawn.images === 0, `charts: ${JSON.stringify(drawn)}`);
      await axe(page, "reports");
      await shot(page, "reports");
    });
    await step("reports: External shows <5 and * where core hid a count, says so plainly, and draws no bar or 0 for them", async () => {
      await page.getByLabel("External", { exact: true }).check();
      await page.getByRole("button", { name: "Show the summary" }).click();
      await page.locator("#report-audience-line", { hasText: "This is the external summary, for funders and commissioners" }).waitFor();
      check((await lastSummaryRequest(page)).audience === "external", "external not asked for");
      check((await page.locator("#report-legend").innerText()).includes("<5 means between 1 and 4"), "no word of what <5 means");
      const contacts = page.locator("table", { has: page.locator("caption", { hasText: "Support contacts in October 2026, by kind" }) });
      check((await contacts.getByRole("row", { name: /Video call/ }).innerText()).includes("*"), "Video call is not shown as *");
      check((await contacts.getByRole("row", { name: /Gate pick-up/ }).innerText()).includes("<5"), "Gate pick-up is not shown as <5");
      check((await page.locator("dl.headlines").innerText()).includes("GP registrations\n<5"), "the GP headline is not <5");
      const contactChart = await chartNamed(page, "Support contacts in October 2026, by kind").getAttribute("aria-label");
      check(contactChart.includes("Gate pick-up: fewer than 5, so not shown") && contactChart.includes("Video call: hidden"), `chart name: ${contactChart}`);
      // No hidden count is drawn: a bar row with a mark has no bar, a column with a mark has no column.
      const drawnHidden = await page.evaluate(() => {
        const out = [];
        for (const g of document.querySelectorAll("figure.bars svg g")) {
          const mark = g.querySelector("text.value")?.textContent;
          if ((mark === "<5" || mark === "*") && g.querySelector("rect")) out.push(g.textContent);
        }
        for (const svg of document.querySelectorAll("figure.chart:not(.bars) svg")) {
          for (const t of svg.querySelectorAll("text.hidden-value")) {
            const x = Number(t.getAttribute("x"));
            const under = [...svg.querySelectorAll("rect.bar")].some(
              (r) => Number(r.getAttribute("x")) <= x && x <= Number(r.getAttribute("x")) + Number(r.getAttribute("width")),
            );
            if (under) out.push(`a column under ${t.textContent} at x=${x}`);
          }
        }
        const marks = [...document.querySelectorAll("figure.bars text.value")].filter((t) => t.textContent === "<5" || t.textContent === "*").length;
        return { out, marks };
      });
      check(drawnHidden.marks > 5 && drawnHidden.out.length === 0, `hidden counts drawn: ${JSON.stringify(drawnHidden)}`);
      const seen = await page.locator("#report-trend-table").getByRole("row", { name: /November 2025/ }).locator("td").last().innerText();
      check(seen.includes("No rate") && seen.includes("<5") && !seen.includes("%"), `a hidden rate in the trend: ${seen}`);
      await axe(page, "reports: external");
      await shot(page, "reports-external");
    });
    await step("reports: a month still arriving says which computers' work has not come", async () => {
      await page.locator("#report-month").selectOption({ label: "November" });
      await page.getByLabel("Internal", { exact: true }).check();
      await page.getByRole("button", { name: "Show the summary" }).click();
      const banner = page.locator("#report-provisional");
      await banner.waitFor();
      const text = await banner.innerText();
      check(
        text.includes("These figures may still change") && text.includes("Sam's laptop: its last sync file arrived Wed 18 November 2026 at 16:40"),
        `the banner: ${text}`,
      );
      check(!text.includes("Alex's laptop"), "a computer that never joined is listed");
      await axe(page, "reports: provisional");
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.locator("#summary-h").scrollIntoViewIfNeeded();
      await shot(page, "reports-provisional", { fullPage: false });
    });
    await step("reports: a month that has not started is refused beside the month", async () => {
      await page.locator("#report-month").selectOption({ label: "December" });
      await page.getByRole("button", { name: "Show the summary" }).click();
      await page.locator("#report-month-error").waitFor();
      check((await page.locator("#report-month-error").innerText()).includes("That month has not started yet"), "the app's message is not beside the month");
      check((await page.locator("#report-month").getAttribute("aria-invalid")) === "true", "the month is not marked wrong");
      check((await focused(page)).startsWith("select#report-month"), `focus on ${await focused(page)}`);
      check(await page.getByRole("alert").filter({ hasText: "That month has not started yet" }).isVisible(), "no alert");
      await axe(page, "reports: a month not started");
      await page.locator("#report-month").selectOption({ label: "October" });
      await page.getByRole("button", { name: "Show the summary" }).click();
      await page.getByRole("heading", { level: 2, name: /^October 2026/ }).waitFor();
      check(!(await page.locator("#report-month-error").count()), "the error stays after choosing a month that has been");
    });
    await step("reports: Enter on a figure lists the records behind it, as many as it counts; Escape goes back to it; a name opens the record", async () => {
      await page.locator("#report-show").focus();
      await tabTo(page, (f) => f.startsWith("button:11: new clients in October 2026"));
      await page.keyboard.press("Enter");
      const dialog = page.getByRole("dialog", { name: "New clients in October 2026" });
      await dialog.waitFor();
      await page.locator("#drill-count").waitFor();
      check((await page.locator("#drill-count").innerText()).startsWith("11 records"), `count: ${await page.locator("#drill-count").innerText()}`);
      check((await dialog.locator("tbody tr").count()) === 11, "not 11 rows");
      check(!(await page.locator("#drill-mismatch").count()), "a mismatch is reported");
      const asked = (await calls(page)).filter((c) => c.cmd === "report_records").at(-1).args.args;
      check(asked.key === "clients.new" && asked.request.month === "2026-10", `report_records sent ${JSON.stringify(asked)}`);
      await axe(page, "reports: the records behind a figure");
      await shot(page, "reports-drill", { fullPage: false });
      await page.keyboard.press("Escape");
      await dialog.waitFor({ state: "hidden" });
      check((await focused(page)).startsWith("button:11: new clients"), `focus after Escape on ${await focused(page)}`);
      // A bigger figure, and a name in it opens that client's record.
      await tabTo(page, (f) => f.startsWith("button:27: referrals sent in October 2026"));
      await page.keyboard.press("Enter");
      const referrals = page.getByRole("dialog", { name: "Referrals sent in October 2026" });
      await referrals.locator("tbody tr").nth(26).waitFor();
      check((await referrals.locator("tbody tr").count()) === 27, "not 27 rows for 27 referrals");
      const link = referrals.locator("tbody tr").first().getByRole("link");
      const name = (await link.innerText()).trim();
      await link.click();
      await page.getByRole("heading", { level: 1, name }).waitFor();
      check(!(await page.getByRole("dialog").count()), "the list stayed open over the record");
    });
    await step("reports: a large figure's records come 200 at a time, saying how many there are in all", async () => {
      await page.locator("#nav-reports").click();
      await page.locator("#summary-h").waitFor();
      await page.locator("button[data-key='clients.active']").first().click();
      const dialog = page.getByRole("dialog");
      await page.locator("#drill-count").waitFor();
      check((await page.locator("#drill-count").innerText()).startsWith("203 records"), "the count is not the whole figure");
      check((await dialog.locator("tbody tr").count()) === 200, "more than a page of rows at once");
      check((await page.locator("#drill-shown").innerText()).includes("first 200 of 203"), "no word of how many are shown");
      const first = (await calls(page)).filter((c) => c.cmd === "report_records").at(-1).args.args;
      check(first.offset === 0 && first.limit === 200, `the first page asked for ${JSON.stringify(first)}`);
      await page.locator("#drill-more", { hasText: "Show 3 more" }).click();
      await dialog.locator("tbody tr").nth(202).waitFor();
      const next = (await calls(page)).filter((c) => c.cmd === "report_records").at(-1).args.args;
      check(next.offset === 200 && next.limit === 200, `the next page asked for ${JSON.stringify(next)}`);
      check(!(await page.locator("#drill-more").count()), "Show more stays when everything is shown");
      await axe(page, "reports: a long list of records");
      await page.keyboard.press("Escape");
      await dialog.waitFor({ state: "hidden" });
    });
    await step("reports: saved as PDF, Excel, CSV and JSON, saying where; closing the Save window saves nothing, calmly", async () => {
      await page.locator("#nav-reports").click();
      await page.locator("#summary-h").waitFor();
      for (const [label, format] of [["PDF", "pdf"], ["Excel", "xlsx"], ["CSV", "csv"], ["JSON", "json"]]) {
        await page.locator("section.save").getByRole("radio", { name: new RegExp(`^${label},`) }).check();
        await page.locator("#report-save").click();
        await page.locator("#report-saved", { hasText: `/home/sam/Documents/monthly-summary-2026-10-internal.${format}` }).waitFor();
        check((await page.locator("#report-saved").innerText()).includes(`Saved as ${label}`), `no word of the kind of file for ${label}`);
        const sent = (await calls(page)).filter((c) => c.cmd === "export_report").at(-1).args.args;
        check(sent.format === format && sent.request.month === "2026-10" && sent.request.audience === "internal", `export_report sent ${JSON.stringify(sent)}`);
      }
      await page.evaluate(() => (window.__mockControl.save_cancelled = true));
      await page.locator("#report-save").click();
      await page.locator("#report-not-saved").waitFor();
      check(!(await page.locator("#report-saved").count()), "still says a file was saved");
      check(!(await page.locator("section.save .form-alert.show").count()), "closing the Save window is shown as an error");
      await page.evaluate(() => (window.__mockControl.save_cancelled = false));
      await page.locator("section.save").getByRole("radio", { name: /^PDF,/ }).check();
      await page.locator("#report-save").click();
      await page.locator("#report-saved").waitFor();
      await axe(page, "reports: saved");
      await page.locator("section.save").scrollIntoViewIfNeeded();
      await shot(page, "reports-saved", { fullPage: false });
    });

    // Sync ----------------------------------------------------------------------------------------------------
    const file = (name, text) => ({ name, mimeType: "application/octet-stream", buffer: Buffer.from(text, "utf8") });
    await step("sync: the badge says a conflict waits; Sync is reached by keyboard; this computer and the devices it knows", async () => {
      check((await page.locator("#nav-sync").textContent()).includes("Sync, 1 conflict waits for you"), `the badge has no words for a screen reader: ${await page.locator("#nav-sync").textContent()}`);
      await page.locator("main h1").focus();
      await tabTo(page, (f) => f.startsWith("a#nav-sync"), { back: true });
      await page.keyboard.press("Enter");
      await page.getByRole("heading", { level: 1, name: "Sync" }).waitFor();
      const device = await page.locator("section.device").innerText();
      for (const want of ["Office PC", "Bridges Health Link", "4F2A-91C3-0B7D-E815", "Sam's laptop", "Wed 18 November 2026 at 16:40", "No file from it yet", "2,210"]) {
        check(device.includes(want), `this-computer section lacks ${want}`);
      }
      const conflicts = await page.locator("section.conflicts").innerText();
      check(conflicts.includes("07700 900456") && conflicts.includes("07700 900123"), "both versions are not shown");
      check(conflicts.includes("By Sam Patel on Office PC (this computer), Thu 19 November 2026 at 11:05"), "who, where and when missing");
      await axe(page, "sync");
      await shot(page, "sync");
    });
    await step("sync: a file that is not a sync file is refused beside the file box", async () => {
      await page.getByLabel("Sync file").setInputFiles(file("notes.txt", "hello"));
      await page.locator("#sync-file-error").waitFor();
      check((await page.locator("#sync-file-error").innerText()).includes("not a Throughcare sync file"), "message for a damaged file");
      check(!(await page.locator("#sync-preview").count()), "a preview is shown for a damaged file");
      await axe(page, "sync: damaged file");
      await shot(page, "sync-import-error", { fullPage: false });
    });
    await step("sync: import shows who wrote the file, a progress bar, then what changed in plain English", async () => {
      await page.getByLabel("Sync file").setInputFiles(file("throughcare-sams-laptop-2026-11-20.tcsync", "THROUGHCARE BUNDLE\nabc"));
      await page.locator("#sync-preview").waitFor();
      check(!(await page.locator("#sync-file-error").count()), "the earlier error is still shown");
      check(
        (await page.locator("#sync-preview").innerText()).includes("From Sam's laptop: 1,366 changes, written Fri 20 November 2026 at 09:45."),
        `preview: ${await page.locator("#sync-preview").innerText()}`,
      );
      await axe(page, "sync: preview");
      await page.getByRole("button", { name: "Import", exact: true }).click();
      await page.waitForFunction(() => Number(document.querySelector("#import-progress")?.getAttribute("value") ?? 0) > 0);
      await shot(page, "sync-importing", { fullPage: false });
      await page.locator("#import-report").waitFor();
      const report = await page.locator("#import-report").innerText();
      for (const want of [
        "Imported from Sam's laptop",
        "1,200 new changes applied, of 1,366 changes in the file; 166 were already here.",
        "3 records added and 12 records changed.",
        "1 new conflict",
        "2 changes are held back",
      ]) {
        check(report.includes(want), `report lacks "${want}": ${report}`);
      }
      check(!(await page.locator("#import-progress").count()), "the progress bar stays after the import");
      await page.locator("article.conflict").nth(1).waitFor();
      check((await page.locator("#nav-sync").textContent()).includes("Sync, 2 conflicts wait for you"), "the badge did not count the new conflict");
      check((await page.locator("section.device").innerText()).includes("2 changes dated too far ahead"), "held-back changes not shown");
      await axe(page, "sync: imported");
      await shot(page, "sync-imported");
    });
    await step("sync: a file locked with a passphrase asks for it; a wrong one is refused and can be tried again", async () => {
      await page.getByLabel("Sync file").setInputFiles(file("locked.tcsync", "THROUGHCARE BUNDLE\nlocked nothing-new"));
      await page.getByLabel("The file's passphrase").waitFor();
      await page.getByRole("button", { name: "Import", exact: true }).click();
      await page.locator("#sync-passphrase-error").waitFor();
      await page.getByLabel("The file's passphrase").fill("not it at all");
      await page.getByRole("button", { name: "Import", exact: true }).click();
      await page.getByRole("alert").filter({ hasText: "That passphrase does not open this sync file" }).waitFor();
      await axe(page, "sync: wrong file passphrase");
      await page.getByLabel("The file's passphrase").fill("river lantern copper");
      await page.getByRole("button", { name: "Import", exact: true }).click();
      await page.locator("#import-report").getByText("Nothing new: this computer already had all 40 changes in the file.").waitFor();
    });
    await step("sync: make a sync file of what one device has not seen, locked with a passphrase", async () => {
      const form = page.locator("section.export");
      await form.getByLabel("Only what one computer has not seen yet").check();
      await form.getByRole("button", { name: "Make a sync file" }).click();
      await page.locator("#export-peer-error").waitFor();
      await form.getByLabel("Which computer is it for?").selectOption({ label: "Sam's laptop" });
      await form.getByLabel("Lock the file with a passphrase").check();
      await form.getByLabel("Passphrase for this file").fill("harbour violet nine");
      await form.getByLabel("Type the passphrase again").fill("harbour violet nien");
      await form.getByRole("button", { name: "Make a sync file" }).click();
      await page.locator("#export-confirm-error").waitFor();
      await form.getByLabel("Type the passphrase again").fill("harbour violet nine");
      await form.getByRole("button", { name: "Make a sync file" }).click();
      await page.locator("#export-result").waitFor();
      const result = await page.locator("#export-result").innerText();
      check(result.includes("Saved 1,370 changes (247 KB).") && result.includes("throughcare-office-pc-2026-11-20.tcsync"), result);
      const sent = (await calls(page)).filter((c) => c.cmd === "export_sync_file").at(-1).args.args;
      check(
        sent.to.kind === "since_peer" && sent.to.device_id === "0192f1d2-0000-7000-8000-0000005a3b1e" && sent.passphrase === "harbour violet nine",
        JSON.stringify(sent),
      );
      await axe(page, "sync: exported");
      await shot(page, "sync-exported");
    });
    await step("sync: conflicts side by side; one click keeps a version; a typed value is checked by the app", async () => {
      await page.locator("#conflicts-h").scrollIntoViewIfNeeded();
      await shot(page, "sync-conflicts", { fullPage: false });
      const phone = page.locator("article.conflict", { hasText: "Siobhán O'Brien" });
      await phone.getByRole("button", { name: /^Keep this version\W+07700 900123/ }).click();
      await phone.waitFor({ state: "detached" });
      const kept = (await calls(page)).filter((c) => c.cmd === "resolve_conflict").at(-1).args.args;
      check(kept.id === "cf-phone" && kept.keep.keep === "other", JSON.stringify(kept));
      check((await focused(page)).startsWith("h2#conflicts-h"), `focus after settling: ${await focused(page)}`);
      check((await page.locator("#nav-sync").textContent()).includes("Sync, 1 conflict waits"), "the badge did not go down");

      const justice = page.locator("article.conflict", { hasText: "Mohammed Al-Farsi" });
      check((await justice.innerText()).includes("On licence") && (await justice.innerText()).includes("In custody"), "labels not shown");
      await justice.getByRole("button", { name: "Type the right value instead" }).click();
      const box = justice.getByLabel("The right value for justice status");
      await box.fill("Released");
      await justice.getByRole("button", { name: "Keep this value" }).click();
      await justice.locator(".field-error").waitFor();
      check((await justice.locator(".field-error").innerText()).includes("'Released' is not one of"), "the app's message is not beside the box");
      await axe(page, "sync: typed value refused");
      await shot(page, "sync-conflict-typed-error", { fullPage: false });
      const before = dialogs.length;
      await page.locator("#nav-today").or(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Today" })).first().click();
      check(dialogs.length === before + 1, "no question before leaving a typed value");
      check(await page.getByRole("heading", { level: 1, name: "Sync" }).isVisible(), "left although the person said stay");
      await box.fill("on licence");
      await justice.getByRole("button", { name: "Keep this value" }).click();
      await page.getByText("No conflicts: every change has been merged.").waitFor();
      check(!(await page.locator("#nav-sync .nav-badge").count()), "the badge stays with no conflicts");
      await axe(page, "sync: no conflicts");
      await shot(page, "sync-no-conflicts");
    });

    const SAM_LAPTOP = "0192f1d2-0000-7000-8000-0000005a3b1e";
    const deviceRow = (p, name) => p.locator("section.device tbody tr", { hasText: name });
    await step("sync: each computer's status in words: invited and not joined yet, or an invitation that ran out", async () => {
      const head = await page.locator("section.device thead").innerText();
      check(head.includes("Status"), `no Status column: ${head}`);
      const alex = await deviceRow(page, "Alex's laptop").locator("td.status").innerText();
      check(alex === "Invited, not joined yet — the invitation works until Tue 24 November 2026 at 16:00", `Alex's status: ${alex}`);
      const reception = await deviceRow(page, "Reception PC").locator("td.status").innerText();
      check(reception === "Invitation expired on Sun 8 November 2026 at 09:00 without being used", `Reception PC's status: ${reception}`);
      check((await deviceRow(page, "Sam's laptop").locator("td.status").innerText()) === "", "a joined computer has a status");
      check(!(await deviceRow(page, "Office PC").getByRole("button").count()), "this computer can be revoked from itself");
    });
    await step("sync: a manager revokes a computer by keyboard: a plain warning first, Escape cancels, then it is revoked", async () => {
      await page.locator("main h1").focus();
      await tabTo(page, (f) => f.startsWith(`button#revoke-open-${SAM_LAPTOP}:Revoke Sam's laptop`), { max: 80 });
      await page.keyboard.press("Enter");
      const dialog = page.getByRole("dialog", { name: "Revoke “Sam's laptop”?" });
      await dialog.waitFor();
      check((await focused(page)).startsWith("button:Cancel"), `revoking starts on ${await focused(page)}, not Cancel`);
      const words = await dialog.innerText();
      for (const want of [
        "Sync files from it are refused",
        "set aside and never applied",
        "The organisation's key changes",
        "This cannot be undone.",
        "send a sync file to each of the other computers",
      ]) {
        check(words.includes(want), `the warning lacks "${want}": ${words}`);
      }
      await axe(page, "sync: revoke a computer");
      await shot(page, "sync-revoke", { fullPage: false });
      await page.keyboard.press("Escape");
      await dialog.waitFor({ state: "hidden" });
      check(!(await calls(page)).some((c) => c.cmd === "revoke_device"), "Escape revoked the computer");
      check((await focused(page)).startsWith(`button#revoke-open-${SAM_LAPTOP}`), `focus after Escape on ${await focused(page)}`);

      await page.keyboard.press("Enter");
      await dialog.waitFor();
      await page.keyboard.press("Shift+Tab");
      check((await focused(page)).startsWith("button#revoke-device-submit:Revoke this computer"), `Shift+Tab from Cancel reached ${await focused(page)}`);
      await page.keyboard.press("Enter");
      await dialog.waitFor({ state: "hidden" });
      const sent = (await calls(page)).filter((c) => c.cmd === "revoke_device").at(-1).args.args;
      check(sent.device_id === SAM_LAPTOP, `revoke_device sent ${JSON.stringify(sent)}`);
      const status = await deviceRow(page, "Sam's laptop").locator("td.status").innerText();
      check(status === "Revoked on Fri 20 November 2026 at 10:00 — its files are refused", `Sam's laptop's status: ${status}`);
      check(!(await deviceRow(page, "Sam's laptop").getByRole("button").count()), "a revoked computer can be revoked again");
      await page.waitForFunction(() =>
        document
          .getElementById("announcer")
          ?.textContent?.includes("Revoked “Sam's laptop”. Send a sync file to each of the other computers so they take the new key."),
      );
      check((await focused(page)).startsWith("h3#devices-h"), `focus after revoking on ${await focused(page)}`);
      const form = page.locator("section.export");
      await form.getByLabel("Only what one computer has not seen yet").check();
      const offered = await form.getByLabel("Which computer is it for?").locator("option").allInnerTexts();
      check(!offered.includes("Sam's laptop") && offered.includes("Alex's laptop"), `a sync file is offered for: ${offered.join(", ")}`);
      await form.getByLabel("Everything on this computer").check();
      await axe(page, "sync: a computer revoked");
      await page.locator("#devices-h").scrollIntoViewIfNeeded();
      await shot(page, "sync-revoked", { fullPage: false });
    });
    await step("sync: a file from a revoked computer is refused", async () => {
      await page.getByLabel("Sync file").setInputFiles(file("throughcare-sams-laptop-2026-11-21.tcsync", "THROUGHCARE BUNDLE\nabc"));
      await page.locator("#sync-preview").waitFor();
      await page.getByRole("button", { name: "Import", exact: true }).click();
      await page.getByRole("alert").filter({ hasText: "This sync file comes from a computer a manager revoked (20/11/2026 10:00)" }).waitFor();
      await axe(page, "sync: file from a revoked computer");
    });

    // 9. Users (managers) -------------------------------------------------------------------------------
    await step("users: reached by keyboard; who uses the app, their role, team, open cases, who unlocks here, you", async () => {
      await page.locator("main h1").focus();
      await tabTo(page, (f) => f.startsWith("a#nav-users:Users"), { back: true });
      await page.keyboard.press("Enter");
      await page.getByRole("heading", { level: 1, name: "Users" }).waitFor();
      check((await focused(page)).startsWith("h1"), `focus on ${await focused(page)} after opening Users`);
      const table = page.locator("table", { has: page.locator("caption", { hasText: "People who use Throughcare" }) });
      await table.waitFor();
      const rowOf = (name) => table.locator("tbody tr", { has: page.getByRole("rowheader", { name: new RegExp(`^${name}`) }) });
      check((await rowOf("Sam Patel").innerText()).includes("You"), "no 'You' beside the manager using the app");
      const dee = await rowOf("Dee Campbell").innerText();
      check(dee.includes("Peer mentor") && dee.includes("Yes"), `Dee's row: ${dee}`);
      const jo = await rowOf("Jo Whitfield").innerText();
      check(jo.includes("Removed 30 Oct 2026") && jo.includes("2"), `Jo's row: ${jo}`);
      check((await rowOf("Ben Carter").innerText()).includes("North"), "Ben's team not shown");
      const path = await tabTo(page, (f) => f.startsWith("button#add-person-open"));
      check(path.length <= 3, `Add a person is not near the top: ${path.join(" | ")}`);
      await axe(page, "users");
      await shot(page, "users");
    });
    await step("users: add a person: a weak passphrase and a name in use are refused beside their boxes; then added", async () => {
      await page.keyboard.press("Enter");
      const dialog = page.getByRole("dialog", { name: "Add a person" });
      await dialog.waitFor();
      await page.locator("#person-name").fill("aisha rahman");
      await page.locator("#person-role").selectOption("caseworker");
      await dialog.getByLabel("They are here and can choose their passphrase now").check();
      await page.locator("#person-passphrase").fill("short one");
      await page.locator("#person-confirm").fill("short one");
      await dialog.getByRole("button", { name: "Add person" }).click();
      await page.locator("#person-passphrase-error").waitFor();
      check((await page.locator("#person-passphrase-error").innerText()).includes("at least 12 characters"), "passphrase message");
      check((await focused(page)).startsWith("input#person-passphrase"), `focus on ${await focused(page)}`);
      await page.locator("#person-passphrase").fill("kettle violet harbour lamp");
      await page.locator("#person-confirm").fill("kettle violet harbour lamp");
      await dialog.getByRole("button", { name: "Add person" }).click();
      await page.locator("#person-name-error").waitFor();
      check((await page.locator("#person-name-error").innerText()).includes("Someone is already called that"), "name in use");
      check(!(await page.locator("#person-passphrase-error").count()), "the old passphrase message stayed");
      await axe(page, "add a person with an error");
      await shot(page, "users-add", { fullPage: false });
      await page.locator("#person-name").fill("Femi Adeyemi");
      await page.locator("#person-team").selectOption({ label: "City" });
      await dialog.getByRole("button", { name: "Add person" }).click();
      await dialog.waitFor({ state: "hidden" });
      const sent = (await calls(page)).filter((c) => c.cmd === "add_person").at(-1).args.args;
      check(
        sent.person.display_name === "Femi Adeyemi" &&
          sent.person.role === "caseworker" &&
          sent.person.team_id === "t-city" &&
          sent.passphrase === "kettle violet harbour lamp",
        `add_person sent ${JSON.stringify(sent)}`,
      );
      const row = page.locator("tbody tr", { has: page.getByRole("rowheader", { name: /^Femi Adeyemi/ }) });
      await row.waitFor();
      check((await row.innerText()).includes("Yes"), "the new person cannot unlock here although they chose a passphrase");
      await page.waitForFunction(() => document.getElementById("announcer")?.textContent?.includes("Femi Adeyemi added"));
    });
    await step("users: your own role is refused beside the role; a team change is saved", async () => {
      await page.getByRole("button", { name: "Change Sam Patel's name, role or team" }).click();
      const dialog = page.getByRole("dialog", { name: "Change Sam Patel" });
      await dialog.waitFor();
      await page.locator("#change-person-role").selectOption("caseworker");
      await dialog.getByRole("button", { name: "Save changes" }).click();
      await page.locator("#change-person-role-error").waitFor();
      check((await page.locator("#change-person-role-error").innerText()).includes("You cannot change your own role"), "role message");
      await axe(page, "change a person with an error");
      const before = dialogs.length;
      dialogAnswer = "accept";
      await dialog.getByRole("button", { name: "Cancel" }).click();
      dialogAnswer = "dismiss";
      check(dialogs.length === before + 1, "closed without asking although the role was changed");
      await dialog.waitFor({ state: "hidden" });
      await page.getByRole("button", { name: "Change Ben Carter's name, role or team" }).click();
      const ben = page.getByRole("dialog", { name: "Change Ben Carter" });
      await ben.waitFor();
      await page.locator("#change-person-team").selectOption({ label: "City" });
      await ben.getByRole("button", { name: "Save changes" }).click();
      await ben.waitFor({ state: "hidden" });
      const sent = (await calls(page)).filter((c) => c.cmd === "change_person").at(-1).args.args;
      check(
        sent.user_id === "u-ben" && JSON.stringify(sent.change) ===
            JSON.stringify({ display_name: null, role: null, team_id: "t-city", clear_team: false, mentor_id: null }),
        `change_person sent ${JSON.stringify(sent)}`,
      );
      const row = page.locator("tbody tr", { has: page.getByRole("rowheader", { name: /^Ben Carter/ }) });
      await row.getByText("City").waitFor();
    });
    await step("users: let someone unlock here (they type it twice), stop them, and the app refuses stopping yourself", async () => {
      await page.getByRole("button", { name: "Let Ben Carter unlock this computer" }).click();
      const dialog = page.getByRole("dialog", { name: "Let Ben Carter unlock this computer" });
      await dialog.waitFor();
      await page.locator("#let-passphrase").fill("ben carter rides again");
      await page.locator("#let-confirm").fill("ben carter rides again");
      await dialog.getByRole("button", { name: "Save their passphrase" }).click();
      await page.locator("#let-passphrase-error").waitFor();
      check((await page.locator("#let-passphrase-error").innerText()).includes("too easy to guess"), "weak passphrase message");
      await page.locator("#let-passphrase").fill("amber falcon quiet meadow");
      await page.locator("#let-confirm").fill("amber falcon quiet meadw");
      await dialog.getByRole("button", { name: "Save their passphrase" }).click();
      await page.locator("#let-confirm-error").waitFor();
      await axe(page, "let unlock with an error");
      await page.locator("#let-confirm").fill("amber falcon quiet meadow");
      await dialog.getByRole("button", { name: "Save their passphrase" }).click();
      await dialog.waitFor({ state: "hidden" });
      const row = page.locator("tbody tr", { has: page.getByRole("rowheader", { name: /^Ben Carter/ }) });
      await row.getByRole("button", { name: "Stop Ben Carter unlocking this computer" }).waitFor();
      dialogAnswer = "accept";
      await row.getByRole("button", { name: "Stop Ben Carter unlocking this computer" }).click();
      await row.getByRole("button", { name: "Let Ben Carter unlock this computer" }).waitFor();
      check(dialogs.at(-1).includes("Stop Ben Carter unlocking this computer?"), `question was: ${dialogs.at(-1)}`);
      await page.getByRole("button", { name: "Stop Sam Patel unlocking this computer" }).click();
      dialogAnswer = "dismiss";
      const err = page.locator("#person-u-sam-error");
      await err.waitFor();
      check((await err.innerText()).includes("You cannot stop yourself unlocking this computer"), "refusal not in the row");
      check((await focused(page)).startsWith("p#person-u-sam-error"), `focus on ${await focused(page)}`);
      await axe(page, "users with a refusal in a row");
    });
    await step("users: invite a peer mentor's own computer; the code is shown once with how to give it", async () => {
      await page.getByRole("button", { name: "Invite a computer for Dee Campbell" }).click();
      const dialog = page.getByRole("dialog", { name: "Invite a computer for Dee Campbell" });
      await dialog.waitFor();
      check((await page.locator("#invite-device-name").inputValue()) === "Dee Campbell's laptop", "no name offered");
      check((await dialog.innerText()).includes("only the people linked to them"), "no word that it holds only their share");
      await page.locator("#invite-device-name").fill("");
      await dialog.getByRole("button", { name: "Save the invitation" }).click();
      await page.locator("#invite-device-name-error").waitFor();
      await page.locator("#invite-device-name").fill("Dee's laptop");
      const days = dialog.getByLabel("The invitation works for");
      check((await days.inputValue()) === "7", `the invitation works for ${await days.inputValue()} days unless chosen`);
      await days.selectOption({ label: "14 days (two weeks)" });
      await axe(page, "invite a computer: how long it works");
      await shot(page, "users-invite-form", { fullPage: false });
      await dialog.getByRole("button", { name: "Save the invitation" }).click();
      await dialog.getByRole("heading", { name: "The one-time code" }).waitFor();
      const t = await dialog.innerText();
      check(t.includes("H7QM-3XPF-9HTR-2WDN-6YCB") && t.includes("separately from the file"), "code or advice missing");
      check(t.includes("It works once, until Fri 4 December 2026 at 10:00."), `no word of when it stops working: ${t}`);
      const invited = (await calls(page)).filter((c) => c.cmd === "invite_device").at(-1).args.args;
      check(invited.valid_days === 14 && invited.device_name === "Dee's laptop", `invite_device sent ${JSON.stringify(invited)}`);
      await axe(page, "invite a computer");
      await shot(page, "users-invite");
      await dialog.getByRole("button", { name: "Done" }).click();
      await dialog.waitFor({ state: "hidden" });
    });
    await step("users: removing someone asks in plain words first, saying their cases stay", async () => {
      const row = page.locator("tbody tr", { has: page.getByRole("rowheader", { name: /^Ben Carter/ }) });
      const before = dialogs.length;
      await row.getByRole("button", { name: "Remove Ben Carter" }).click();
      check(dialogs.length === before + 1, "removed without asking");
      check(
        dialogs.at(-1).includes("no longer be able to unlock this computer, or any other computer once it has synced") &&
          dialogs.at(-1).includes("1 open case"),
        `question was: ${dialogs.at(-1)}`,
      );
      check(!(await calls(page)).some((c) => c.cmd === "remove_person"), "removed although the person said no");
      dialogAnswer = "accept";
      await row.getByRole("button", { name: "Remove Ben Carter" }).click();
      dialogAnswer = "dismiss";
      await row.getByText(/Removed \d+ \w+ 2026/).waitFor();
    });
    await step("users: share a client; sharing again is refused beside the person", async () => {
      const share = page.locator("section", { has: page.locator("#share-h") });
      await page.locator("#share-client").fill("siob");
      await share.getByLabel(/Siobhán O'Brien/).check();
      await page.locator("#share-user").selectOption({ label: "Aisha Rahman" });
      await share.getByRole("button", { name: "Share the client" }).click();
      await page.locator("#share-result").waitFor();
      check((await page.locator("#share-result").innerText()).includes("Shared with Aisha Rahman from today"), "no result");
      const sent = (await calls(page)).filter((c) => c.cmd === "share_client").at(-1).args.args;
      check(sent.client_id === "c-siobhan" && sent.with.with === "user" && sent.with.id === "u-aisha", JSON.stringify(sent));
      await page.locator("#share-client").fill("siob");
      await share.getByLabel(/Siobhán O'Brien/).check();
      await page.locator("#share-user").selectOption({ label: "Aisha Rahman" });
      await share.getByRole("button", { name: "Share the client" }).click();
      await page.locator("#share-user-error").waitFor();
      check((await page.locator("#share-user-error").innerText()).includes("already shared with them"), "refusal not beside Who");
      await axe(page, "share with an error");
      await share.scrollIntoViewIfNeeded();
      await shot(page, "users-share", { fullPage: false });
    });
    await step("users: move a caseload: the same person is refused beside To; the result says how many moved", async () => {
      const move = page.locator("section", { has: page.locator("#move-h") });
      await page.locator("#move-from").selectOption("u-aisha");
      await page.locator("#move-to").selectOption("u-aisha");
      dialogAnswer = "accept";
      await move.getByRole("button", { name: "Move the cases" }).click();
      await page.locator("#move-to-error").waitFor();
      check((await page.locator("#move-to-error").innerText()).includes("Choose a different caseworker"), "refusal not beside To");
      await page.locator("#move-from").selectOption("u-jo");
      await page.locator("#move-to").selectOption("u-aisha");
      await move.getByRole("button", { name: "Move the cases" }).click();
      dialogAnswer = "dismiss";
      await page.locator("#move-result").waitFor();
      check(dialogs.at(-1) === "Move all 2 open cases from Jo Whitfield to Aisha Rahman?", `question was: ${dialogs.at(-1)}`);
      check((await page.locator("#move-result").innerText()) === "Moved 2 open cases from Jo Whitfield to Aisha Rahman.", "result");
      const jo = page.locator("tbody tr", { has: page.getByRole("rowheader", { name: /^Jo Whitfield/ }) });
      await jo.locator("td").nth(2).getByText("0", { exact: true }).waitFor();
      await axe(page, "users after moving a caseload");
    });

    // 10. A client's record: going with them, and who else sees it ---------------------------------------
    await step("client record: 'Going with them' near the risk flags; 'Also seen by' for a manager, and a share ended", async () => {
      // The share form still holds the refused choice, so leaving asks first.
      const asked = dialogs.length;
      dialogAnswer = "accept";
      await page.getByRole("link", { name: "Clients" }).click();
      dialogAnswer = "dismiss";
      check(dialogs.length === asked + 1 && dialogs.at(-1).includes("not saved"), "left the refused share without asking");
      await page.locator("#client-search").fill("siob");
      await page.getByRole("link", { name: "Siobhán O'Brien" }).click();
      await page.getByRole("heading", { level: 1, name: "Siobhán O'Brien" }).waitFor();
      const going = await page.locator("section.going").innerText();
      check(going.includes("Going with them") && going.includes("Meet her at the bus station"), `going: ${going}`);
      const seen = page.locator("section", { has: page.locator("#shares-h") });
      await seen.getByText("Aisha Rahman").waitFor();
      await seen.getByText("Ben Carter").waitFor();
      dialogAnswer = "accept";
      await seen.getByRole("button", { name: "Stop sharing with Ben Carter" }).click();
      dialogAnswer = "dismiss";
      await seen.getByText("Ben Carter").waitFor({ state: "detached" });
      const sent = (await calls(page)).filter((c) => c.cmd === "end_share").at(-1).args.args;
      check(sent.share_id === "sh-1", JSON.stringify(sent));
      await axe(page, "client record with going with them");
      await page.evaluate(() => window.scrollTo(0, 0));
      await shot(page, "client-going", { fullPage: false });
    });
    await step("client record: 'Going with them' is edited in a multi-line box; too long is refused beside it", async () => {
      await page.getByRole("button", { name: "Edit details" }).click();
      const box = page.getByLabel("Going with them: what to know");
      await box.waitFor();
      check((await box.inputValue()).startsWith("Meet her at the bus station"), "the box does not hold what is recorded");
      await box.fill("x".repeat(1001));
      await page.getByRole("button", { name: "Save changes" }).click();
      await page.locator("#edit-accompaniment_needs-error").waitFor();
      check(
        (await page.locator("#edit-accompaniment_needs-error").innerText()).includes("at most 1000 fit"),
        "length message not beside the box",
      );
      check((await focused(page)).startsWith("textarea#edit-accompaniment_needs"), `focus on ${await focused(page)}`);
      await axe(page, "edit with going with them refused");
      await box.fill("Meet her at the bus station, not at home.\nA woman should go with her.");
      await page.getByRole("button", { name: "Save changes" }).click();
      await page.getByRole("heading", { name: "Edit details" }).waitFor({ state: "detached" });
      const sent = (await calls(page)).filter((c) => c.cmd === "update_client").at(-1).args.args;
      check(
        JSON.stringify(sent.patch) ===
          JSON.stringify({ accompaniment_needs: "Meet her at the bus station, not at home.\nA woman should go with her." }),
        `patch was ${JSON.stringify(sent.patch)}`,
      );
      await page.locator("section.going").getByText("A woman should go with her.").waitFor();
    });

    // 11. Audit (managers) -------------------------------------------------------------------------------
    await step("audit: reached by keyboard; newest first, in UK time; Previous and Next with x–y of z", async () => {
      await page.locator("main h1").focus();
      await tabTo(page, (f) => f.startsWith("a#nav-audit:Audit"), { back: true });
      await page.keyboard.press("Enter");
      await page.getByRole("heading", { level: 1, name: "Audit" }).waitFor();
      await page.locator(".results-head .summary").getByText("Showing 1–50 of 64").waitFor();
      const first = await page.locator("tbody tr").first().innerText();
      check(first.includes("20 Nov 2026, 09:59") && first.includes("Opened a record") && first.includes("Siobhán O'Brien"), `first row: ${first}`);
      check((await page.locator("tbody").innerText()).includes("Wrong name or passphrase"), "a wrong unlock not listed in words");
      check(
        (await page.locator("#audit-changes-note").innerText()).includes("listed only when you choose a client"),
        "no word that changes need a client",
      );
      await axe(page, "audit");
      await shot(page, "audit");
      await page.getByRole("button", { name: "Next" }).click();
      await page.locator(".pager").getByText("Showing 51–64 of 64").waitFor();
      check((await focused(page)).startsWith("h2#audit-results-h"), `focus after Next on ${await focused(page)}`);
      check(await page.getByRole("button", { name: "Next" }).isDisabled(), "Next is offered on the last page");
      await page.getByRole("button", { name: "Previous" }).click();
      await page.locator(".pager").getByText("Showing 1–50 of 64").waitFor();
    });
    await step("audit: a date that is not real is named beside From; a client's changes show once a client is chosen", async () => {
      await page.locator("#audit-from-day").fill("31");
      await page.locator("#audit-from-month").fill("2");
      await page.locator("#audit-from-year").fill("2026");
      await page.getByRole("button", { name: "Show" }).click();
      await page.locator("#audit-from-error").waitFor();
      check((await page.locator("#audit-from-error").innerText()).includes("From: enter a real date"), "date message");
      check((await focused(page)).startsWith("input#audit-from-day"), `focus on ${await focused(page)}`);
      await axe(page, "audit with an error");
      await page.locator("#audit-from-day").fill("14");
      await page.locator("#audit-from-month").fill("11");
      await page.locator("#audit-client").fill("siob");
      await page.locator("section.filters").getByLabel(/Siobhán O'Brien/).check();
      await page.getByRole("button", { name: "Show" }).click();
      await page.locator("tbody").getByText("Added or changed a record").first().waitFor();
      const f = (await calls(page)).filter((c) => c.cmd === "audit_entries").at(-1).args.args.filter;
      check(f.client_id === "c-siobhan" && f.from === "2026-11-14" && f.to === null && f.user_id === null, JSON.stringify(f));
      const body = await page.locator("tbody").innerText();
      check(body.includes("Actual release date") && !body.includes("Chidi"), `rows: ${body.slice(0, 200)}`);
      await axe(page, "audit filtered");
      await shot(page, "audit-filtered");
    });
    await step("audit: saved as a spreadsheet, saying where; nothing matching says so in words", async () => {
      await page.getByRole("button", { name: "Save as a spreadsheet (CSV)" }).click();
      await page.locator("#audit-saved").waitFor();
      check(
        (await page.locator("#audit-saved").innerText()).includes("/home/sam/Documents/throughcare-audit-2026-11-20.csv"),
        "no path said",
      );
      const sent = (await calls(page)).filter((c) => c.cmd === "export_audit").at(-1).args.args.filter;
      check(sent.client_id === "c-siobhan", `export sent ${JSON.stringify(sent)}`);
      await page.locator("#audit-action").selectOption({ label: "Restored a backup" });
      await page.getByRole("button", { name: "Show" }).click();
      await page.getByText("Nothing matches these filters.").waitFor();
      await axe(page, "audit with nothing matching");
      await page.getByRole("button", { name: "Clear filters" }).click();
      await page.locator(".results-head .summary").getByText(/Showing 1–50 of \d+/).waitFor();
    });

    // 12. Settings -------------------------------------------------------------------------------------
    await step("settings: a manager chooses how soon the app locks (1 to 15 minutes, 5 usual)", async () => {
      await page.locator("main h1").focus();
      await tabTo(page, (f) => f.startsWith("a#nav-settings:Settings"), { back: true });
      await page.keyboard.press("Enter");
      await page.getByRole("heading", { level: 1, name: "Settings" }).waitFor();
      const select = page.locator("#lock-minutes");
      await page.waitForFunction(() => document.getElementById("lock-minutes")?.value === "5");
      check((await select.locator("option").count()) === 15, "not 15 choices");
      check((await page.locator("#lock-minutes-hint").innerText()).includes("The usual is 5 minutes"), "no word of the usual");
      await select.selectOption("10");
      await page.locator("#lock-submit").click();
      await page.locator("#lock-saved").waitFor();
      check((await page.locator("#lock-saved").innerText()).includes("locks after 10 minutes"), "result");
      const sent = (await calls(page)).filter((c) => c.cmd === "set_lock_minutes").at(-1).args.args;
      check(sent.minutes === 10, JSON.stringify(sent));
      // Which questionnaires the organisation uses: all of them until a manager chooses.
      const gad = page.getByRole("checkbox", { name: "GAD-7 (anxiety)" });
      check(await gad.isChecked(), "GAD-7 is not offered at first");
      await gad.uncheck();
      await page.locator("#scales-submit").click();
      await page.locator("#scales-saved").waitFor();
      const said = await page.locator("#scales-saved").innerText();
      check(said.includes("Caseworkers can now record: PHQ-9 (depression), Wellbeing check"), said);
      const chosen = (await calls(page)).filter((c) => c.cmd === "set_offered_scales").at(-1).args.args;
      check(JSON.stringify(chosen.scales) === JSON.stringify(["phq9", "wellbeing"]), JSON.stringify(chosen));
      await axe(page, "settings");
      // Put it back for what follows.
      await gad.check();
      await page.locator("#scales-submit").click();
      await page.locator("#scales-saved", { hasText: "GAD-7" }).waitFor();
      await shot(page, "settings");
    });

    await step("settings: a manager sets how long records are kept and keeps one past it with a reason", async () => {
      await page.waitForFunction(() => document.getElementById("retention-years")?.value === "6");
      const heading = page.locator("#retention-list-h");
      check((await heading.innerText()) === "2 records are past the keeping time", await heading.innerText());
      const rows = (await page.locator("ul.due li").allInnerTexts()).map(squash);
      check(rows[0].startsWith("Fatima Begum") && rows[0].includes("Support closed 29 March 2019") && rows[1].startsWith("Liam O'Connor"), JSON.stringify(rows));
      // Ten years: neither is past it yet.
      await page.locator("#retention-years").selectOption("10");
      await page.locator("#retention-submit").click();
      await page.locator("#retention-saved", { hasText: "kept 10 years after support closed" }).waitFor();
      await page.locator("#retention-list-h", { hasText: "No records are past the keeping time" }).waitFor();
      check((await lastCall(page, "set_retention_years")).years === 10, "the years were not sent");
      await page.locator("#retention-years").selectOption("6");
      await page.locator("#retention-submit").click();
      await page.locator("#retention-list-h", { hasText: "2 records are past" }).waitFor();
      // Keep one: a reason is needed, said beside its box; then it leaves the list.
      await page.getByRole("button", { name: "Keep Fatima Begum's record, with a reason" }).click();
      check((await focused(page)).startsWith("textarea#keep-reason"), `focus on ${await focused(page)}`);
      await page.getByRole("button", { name: "Keep for a year" }).click();
      await page.locator("#keep-reason-error", { hasText: "Say why the record is kept" }).waitFor();
      check(!(await calls(page)).some((c) => c.cmd === "keep_record"), "kept without a reason");
      await page.locator("#keep-reason").fill("A safeguarding review is still open.");
      await axe(page, "keeping records");
      await page.locator("section[aria-labelledby=retention-h]").scrollIntoViewIfNeeded();
      await shot(page, "keeping-records", { fullPage: false });
      await page.getByRole("button", { name: "Keep for a year" }).click();
      await page.locator("#retention-list-h", { hasText: "1 record is past the keeping time" }).waitFor();
      await announcedOn(page, "Fatima Begum's record is kept, and comes back for review in a year.");
      check((await focused(page)).startsWith("h3#retention-list-h"), `focus after keeping on ${await focused(page)}`);
    });

    // 13. Other roles ------------------------------------------------------------------------------------
    await step("caseworker: the menu has no Users or Audit; Settings has no lock choice", async () => {
      const cw = await newPage(context, { has_database: true, unlocked: true, role: "caseworker" }, errors);
      await cw.goto(`${origin}/`);
      await cw.getByRole("heading", { level: 1, name: "Today" }).waitFor();
      const links = await cw.getByRole("navigation", { name: "Main" }).getByRole("link").allInnerTexts();
      const names = links.map((l) => l.split("\n")[0].trim());
      check(
        JSON.stringify(names) === JSON.stringify(["Today", "Calendar", "Tasks", "Clients", "Referrals", "Services", "Peer mentors", "Reports", "Sync", "Settings"]),
        `links: ${JSON.stringify(links)}`,
      );
      await cw.getByRole("link", { name: "Settings" }).click();
      await cw.getByRole("heading", { level: 1, name: "Settings" }).waitFor();
      await cw.getByText("A manager can change this.").waitFor();
      check(!(await cw.locator("#lock-minutes").count()), "a caseworker is offered the lock setting");
      check(!(await cw.locator("#retention-years").count()), "a caseworker is offered the keeping time");
      await axe(cw, "settings for a caseworker");
      await cw.locator("#nav-sync").click();
      await cw.getByRole("heading", { level: 1, name: "Sync" }).waitFor();
      await cw.locator("section.device tbody tr", { hasText: "Alex's laptop" }).getByText("Invited, not joined yet").waitFor();
      check(!(await cw.getByRole("button", { name: /^Revoke/ }).count()), "a caseworker is offered Revoke");
      check(!(await cw.locator("section.device thead").innerText()).includes("Actions"), "a caseworker has an actions column");
      await axe(cw, "sync for a caseworker");
      // Reports: their own caseload only, with nothing else to choose.
      await cw.locator("#nav-reports").click();
      await cw.getByRole("heading", { level: 2, name: "October 2026: Aisha Rahman's caseload" }).waitFor();
      const req = (await calls(cw)).filter((c) => c.cmd === "monthly_summary").at(-1).args.args.request;
      check(JSON.stringify(req.scope) === JSON.stringify({ kind: "caseworker", id: "u-aisha" }), `a caseworker's summary asked for ${JSON.stringify(req)}`);
      check(!(await cw.locator("#report-scope").evaluate((el) => el.tagName === "SELECT")), "a caseworker is offered a choice of whose clients");
      check((await cw.locator("#report-own").innerText()).includes("Your own caseload (Aisha Rahman)"), "no word that it is their own caseload");
      const offered = await cw.locator("main select option").allInnerTexts();
      check(!offered.some((o) => /organisation|team|Ben Carter|Sam Patel/i.test(o)), `a caseworker is offered: ${offered.join(", ")}`);
      await axe(cw, "reports for a caseworker");
      await shot(cw, "reports-caseworker", { fullPage: false });
      await cw.close();
    });

    // The service directory, duplicates and merges, questionnaires, and outcome measures in Reports (a manager,
    // on a fresh page) ------------------------------------------------------------------------------------
    const sp = await newPage(context, { has_database: true, unlocked: true }, errors);
    sp.on("dialog", async (d) => {
      dialogs.push(d.message());
      await (dialogAnswer === "accept" ? d.accept() : d.dismiss());
    });
    const serviceCard = (name) => sp.locator("article.service", { has: sp.getByRole("heading", { level: 2, name, exact: true }) });
    const serviceNames = async () => (await sp.locator("article.service h2").allInnerTexts()).map((t) => t.trim());
    await step("services: reached by keyboard; kind, contact, how to refer, median wait and who waits now; closed ones last; filters", async () => {
      await sp.goto(`${origin}/`);
      await sp.getByRole("heading", { level: 1, name: "Today" }).waitFor();
      await tabTo(sp, (f) => f.startsWith("a#nav-services:Services"), { back: true });
      await sp.keyboard.press("Enter");
      await sp.getByRole("heading", { level: 1, name: "Services" }).waitFor();
      check((await focused(sp)).startsWith("h1"), `focus on ${await focused(sp)} after opening Services`);
      check((await sp.locator("#nav-services").getAttribute("aria-current")) === "page", "Services is not marked as the current page");
      await sp.locator("#services-summary", { hasText: "6 services." }).waitFor();
      const names = await serviceNames();
      check(
        JSON.stringify(names) ===
          JSON.stringify(["Change Grow Live", "City Housing Options", "Community Mental Health Team", "Hillside Surgery", "Riverside Medical Practice", "Bridge Street Dental"]),
        `order (open by name, closed last): ${JSON.stringify(names)}`,
      );
      const cgl = squash(await serviceCard("Change Grow Live").innerText());
      for (const words of [
        "Drug and alcohol",
        "Open",
        "0300 123 4567",
        "referrals@cgl.example.org",
        "People can refer themselves by phone",
        "Drop-in Monday to Friday",
        "Median wait from referral to first appointment: 12 days (over 7 referrals in the last 12 months)",
        "2 waiting now",
      ])
        check(cgl.includes(words), `Change Grow Live lacks "${words}": ${cgl}`);
      check((await serviceCard("Community Mental Health Team").innerText()).includes("13.5 days (over 4 referrals in the last 12 months)"), "a half-day median");
      const housing = await serviceCard("City Housing Options").innerText();
      check(housing.includes("No waits recorded in the last 12 months") && housing.includes("1 waiting now"), `housing: ${housing}`);
      check((await serviceCard("Riverside Medical Practice").innerText()).includes("Nobody waiting now"), "nobody waiting not said");
      check((await serviceCard("Bridge Street Dental").innerText()).includes("Closed since 3 March 2026"), "the closed service does not say since when");
      check(!(await sp.locator("#services-read-only").count()), "a manager is told only a manager can change it");
      // Filters: by kind, and by part of the name.
      await sp.getByLabel("Kind of service").selectOption("gp");
      await sp.locator("#services-summary", { hasText: "Showing 2 of 6 services." }).waitFor();
      check(JSON.stringify(await serviceNames()) === JSON.stringify(["Hillside Surgery", "Riverside Medical Practice"]), "the GP filter");
      await sp.locator("#services-name").fill("river");
      await sp.locator("#services-summary", { hasText: "Showing 1 of 6 services." }).waitFor();
      await sp.locator("#services-name").fill("dentist nowhere");
      await sp.locator("#services-summary", { hasText: "No services match." }).waitFor();
      await axe(sp, "services with nothing matching");
      await sp.getByRole("button", { name: "Show every service" }).click();
      await sp.locator("#services-summary", { hasText: "6 services." }).waitFor();
      await axe(sp, "services");
      await shot(sp, "services");
      await sp.emulateMedia({ colorScheme: "dark" });
      await shot(sp, "services-dark", { fullPage: false });
      await sp.emulateMedia({ colorScheme: "light" });
    });
    await step("services: a manager adds one: no name and an email with no @ are refused beside their boxes; then added", async () => {
      await sp.locator("#services-add").click();
      await sp.getByRole("heading", { level: 2, name: "Add a service" }).waitFor();
      check((await focused(sp)).startsWith("h2#svc-new-h"), `focus on ${await focused(sp)}`);
      await sp.getByRole("button", { name: "Add service" }).click();
      await sp.locator("#svc-new-name-error").waitFor();
      check((await sp.locator("#svc-new-service_type-error").innerText()).includes("Choose the kind of service"), "no kind asked for");
      check(!(await calls(sp)).some((c) => c.cmd === "add_service"), "asked the app with no name");
      await sp.locator("#svc-new-name").fill("Talking Space");
      await sp.locator("#svc-new-service_type").selectOption("talking_therapies");
      await sp.locator("#svc-new-area").fill("City");
      await sp.locator("#svc-new-email").fill("talkingspace.example.nhs.uk");
      await sp.locator("#svc-new-referral_route").fill("Self-referral online, or the GP refers.");
      await sp.getByRole("button", { name: "Add service" }).click();
      await sp.locator("#svc-new-email-error").waitFor();
      check((await sp.locator("#svc-new-email-error").innerText()).includes("An email address has an @ in it"), "the app's email message is not beside Email");
      check((await focused(sp)).startsWith("input#svc-new-email"), `focus on ${await focused(sp)}`);
      check(!(await sp.locator("#svc-new-name-error").count()), "the earlier name message is still shown");
      await axe(sp, "add a service with an error");
      await sp.locator("section.service-form").scrollIntoViewIfNeeded();
      await shot(sp, "services-add-error", { fullPage: false });
      await sp.locator("#svc-new-email").fill("hello@talkingspace.example.nhs.uk");
      await sp.getByRole("button", { name: "Add service" }).click();
      await sp.locator("section.service-form").waitFor({ state: "detached" });
      await announcedOn(sp, "Talking Space added to the directory.");
      const sent = await lastCall(sp, "add_service");
      check(
        sent.fields.name === "Talking Space" && sent.fields.service_type === "talking_therapies" && sent.fields.email === "hello@talkingspace.example.nhs.uk" && sent.fields.closed_on === null,
        `add_service sent ${JSON.stringify(sent)}`,
      );
      await sp.waitForFunction(() => document.activeElement?.textContent?.trim() === "Talking Space");
      check((await serviceCard("Talking Space").innerText()).includes("No waits recorded in the last 12 months"), "the new service is not listed");
    });
    await step("services: a manager changes a service, closes one (it moves last) and opens it again", async () => {
      await sp.getByRole("button", { name: "Edit: Hillside Surgery" }).click();
      await sp.getByRole("heading", { level: 2, name: "Change Hillside Surgery" }).waitFor();
      const prefix = "#svc-edit-s-hillside";
      check((await sp.locator(`${prefix}-address`).inputValue()) === "2 Hill Road", "the form does not start from the service");
      await sp.locator(`${prefix}-phone`).fill("0121 496 0555");
      await axe(sp, "change a service");
      await sp.keyboard.press("Escape");
      check(dialogs.at(-1)?.includes("not saved"), "Escape closed a changed form without asking");
      await sp.getByRole("button", { name: "Save changes" }).click();
      await sp.getByRole("heading", { level: 2, name: "Change Hillside Surgery" }).waitFor({ state: "detached" });
      const patch = await lastCall(sp, "update_service");
      check(JSON.stringify(patch) === JSON.stringify({ id: "s-hillside", patch: { phone: "0121 496 0555" } }), `update_service sent ${JSON.stringify(patch)}`);
      // The list is read again after the save: wait for it rather than race it.
      await serviceCard("Hillside Surgery").getByText("0121 496 0555").waitFor({ timeout: 5000 }).catch(() => {});
      check((await serviceCard("Hillside Surgery").innerText()).includes("0121 496 0555"), "the new phone is not shown");
      check((await focused(sp)).startsWith("button#svc-s-hillside-edit"), `focus after saving on ${await focused(sp)}`);

      await sp.getByRole("button", { name: "Close: Hillside Surgery" }).click();
      await serviceCard("Hillside Surgery").getByText("Closed since 20 November 2026").waitFor();
      check(JSON.stringify((await lastCall(sp, "update_service")).patch) === JSON.stringify({ closed_on: "2026-11-20" }), "closing sent the wrong change");
      await announcedOn(sp, "Hillside Surgery closed from today.");
      check((await serviceNames()).slice(-2).join(",") === "Bridge Street Dental,Hillside Surgery", `closed services are not last: ${await serviceNames()}`);
      check((await focused(sp)).startsWith("button#svc-s-hillside-toggle:Open again"), `focus after closing on ${await focused(sp)}`);
      const offered = await sp.evaluate(() => window.__TAURI_INTERNALS__.invoke("services"));
      check(!offered.some((x) => x.id === "s-hillside"), "a closed service is still offered for referrals");
      await shot(sp, "services-closed");
      await sp.keyboard.press("Enter");
      await serviceCard("Hillside Surgery").locator(".badge.ok", { hasText: "Open" }).waitFor();
      check(JSON.stringify((await lastCall(sp, "update_service")).patch) === JSON.stringify({ closed_on: null }), "opening again sent the wrong change");
      await announcedOn(sp, "Hillside Surgery is open again.");

      // A closed service's closing day can be corrected, but not to a day to come (the app's refusal beside it).
      await sp.getByRole("button", { name: "Edit: Bridge Street Dental" }).click();
      const closedDay = sp.locator("#svc-edit-s-bridge-dental-closed-day");
      await closedDay.waitFor();
      check((await closedDay.inputValue()) === "3", "the closing day is not shown");
      await closedDay.fill("1");
      await sp.locator("#svc-edit-s-bridge-dental-closed-month").fill("12");
      await sp.getByRole("button", { name: "Save changes" }).click();
      await sp.locator("#svc-edit-s-bridge-dental-closed-error").waitFor();
      check(
        (await sp.locator("#svc-edit-s-bridge-dental-closed-error").innerText()).includes("A service can be closed from today, not a day to come."),
        "the app's refusal is not beside Closed since",
      );
      await axe(sp, "a closing day refused");
      dialogAnswer = "accept";
      await sp.getByRole("button", { name: "Cancel" }).click();
      dialogAnswer = "dismiss";
      await sp.locator("section.service-form").waitFor({ state: "detached" });
    });

    await step("clients: a name and date of birth already on record show who it may be as they are typed; saving is not blocked", async () => {
      await sp.getByRole("link", { name: "Clients" }).click();
      await sp.getByRole("heading", { level: 1, name: "Clients" }).waitFor();
      await sp.getByRole("button", { name: "Add a client" }).first().click();
      const dialog = sp.getByRole("dialog", { name: "Add a client" });
      await dialog.waitFor();
      await dialog.getByLabel("Given name").fill("Muhammad");
      await dialog.getByLabel("Family name").fill("Khan");
      check(!(await calls(sp)).some((c) => c.cmd === "likely_duplicates"), "asked about a name with nothing else to match on");
      await dialog.getByLabel("Day").fill("14");
      await dialog.getByLabel("Month").fill("5");
      await dialog.getByLabel("Year").pressSequentially("1986", { delay: 40 });
      const card = sp.locator("#dupes");
      await card.waitFor();
      const asked = (await calls(sp)).filter((c) => c.cmd === "likely_duplicates");
      check(asked.length <= 2, `typing the date asked ${asked.length} times`);
      check(
        JSON.stringify(asked.at(-1).args.args.query) ===
          JSON.stringify({ given_name: "Muhammad", family_name: "Khan", date_of_birth: "1986-05-14", nhs_number: null, prison_number: null, crn: null, exclude: null }),
        `likely_duplicates sent ${JSON.stringify(asked.at(-1).args)}`,
      );
      check((await card.getByRole("heading").innerText()).includes("This may be someone already on record"), "no heading on the warning");
      const items = (await card.locator("li.match").allInnerTexts()).map(squash);
      check(items.length === 2, `matches: ${JSON.stringify(items)}`);
      check(items[0].includes("Muhammad Khan") && items[0].includes("Born 14 May 1986") && items[0].includes("Same date of birth and the same name"), `first: ${items[0]}`);
      check(items[1].includes("Mohammed Khan") && items[1].includes("Same date of birth and another spelling of the name"), `second: ${items[1]}`);
      check((await sp.locator("#dupes-status").innerText()).includes("This may be someone already on record. 2 records on file may be this person."), "not said in the live region");
      // An identifier makes one of them (almost) certain, and it comes first, marked more strongly.
      const before = (await calls(sp)).filter((c) => c.cmd === "likely_duplicates").length;
      await dialog.getByLabel("Prison number").pressSequentially("A5531FT", { delay: 30 });
      await card.locator("li.match.certain").waitFor();
      const typed = (await calls(sp)).filter((c) => c.cmd === "likely_duplicates").length - before;
      check(typed <= 3, `typing 7 letters asked ${typed} times`);
      const certain = squash(await card.locator("li.match").first().innerText());
      check(certain.includes("Mohammed Khan") && certain.includes("Almost certainly them") && certain.includes("Same prison number"), `certain: ${certain}`);
      check(await dialog.getByRole("button", { name: "Add client" }).isEnabled(), "saving is blocked");
      await axe(sp, "add a client: may already be on record");
      await card.scrollIntoViewIfNeeded();
      await shot(sp, "add-client-duplicates", { fullPage: false });
      await sp.emulateMedia({ colorScheme: "dark" });
      await shot(sp, "add-client-duplicates-dark", { fullPage: false });
      await sp.emulateMedia({ colorScheme: "light" });
      // Opening a match asks before the half-filled form is thrown away; staying keeps it.
      const asks = dialogs.length;
      await card.getByRole("button", { name: "Open their record: Mohammed Khan" }).click();
      check(dialogs.length === asks + 1 && dialogs.at(-1).includes("not saved"), `asked: ${dialogs.slice(asks).join(" | ")}`);
      check((await dialog.getByLabel("Given name").inputValue()) === "Muhammad", "the form was cleared although the person stayed");
      dialogAnswer = "accept";
      await card.getByRole("button", { name: "Open their record: Mohammed Khan" }).click();
      dialogAnswer = "dismiss";
      await sp.getByRole("heading", { level: 1, name: "Mohammed Khan" }).waitFor();
      check(!(await sp.getByRole("dialog").count()), "the add-client form stayed open over the record");
      check(!(await calls(sp)).some((c) => c.cmd === "create_client"), "a client was added");
    });

    const detailsCard = () => sp.locator("section[aria-labelledby=ids-h]");
    await step("client record: a manager merges two records, choosing details from the other; the record shows the merge", async () => {
      await sp.locator("#qa-merge").click();
      await sp.getByRole("heading", { level: 2, name: "Merge with another record" }).waitFor();
      check((await focused(sp)).startsWith("h2#merge-h"), `focus on ${await focused(sp)}`);
      // The record itself is refused before anything is asked of the app.
      await sp.locator("#merge-other").fill("Mohammed Khan");
      await sp.getByRole("radio", { name: /^Mohammed Khan, born/ }).check();
      await sp.locator("#merge-other-error").waitFor();
      check((await sp.locator("#merge-other-error").innerText()).includes("A record cannot be merged with itself"), "merging with itself not refused");
      await sp.locator("#merge-other").fill("Muhammad");
      await sp.getByRole("radio", { name: /^Muhammad Khan, born 14 May 1986/ }).check();
      const table = sp.locator("#merge-table");
      await table.waitFor();
      check(!(await sp.locator("#merge-other-error").count()), "the earlier refusal is still shown");
      const rows = (await table.locator("tbody th").allInnerTexts()).map((t) => t.trim());
      for (const want of ["Given name", "Prison number", "Case reference number (CRN)", "Phone", "Address", "GP registration", "Risk flags"])
        check(rows.includes(want), `no row for ${want}: ${rows.join(", ")}`);
      check(!rows.includes("Family name") && !rows.includes("Date of birth"), "details that are the same are listed");
      const phone = table.locator("tr", { has: sp.getByRole("rowheader", { name: "Phone", exact: true }) });
      check(squash(await phone.innerText()).includes("07700 900218 07700 900995"), `phone row: ${await phone.innerText()}`);
      check(await sp.getByRole("group", { name: "Phone", exact: true }).getByLabel("Keep this one").isChecked(), "this record's value is not kept to begin with");
      await sp.getByRole("group", { name: "Phone", exact: true }).getByLabel("Use the other one").check();
      await sp.getByRole("group", { name: "Case reference number (CRN)" }).getByLabel("Use the other one").check();
      await sp.getByRole("group", { name: "Address", exact: true }).getByLabel("Use the other one").check();
      await sp.getByRole("group", { name: "Support needs" }).getByLabel("Keep both lists").check();
      const what = squash(await sp.locator("#merge-what").innerText());
      check(
        what.includes("Everything recorded for Muhammad Khan (appointments, contacts, referrals, tasks") &&
          what.includes("moves to this record, and Muhammad Khan's record is closed. You can undo this."),
        `summary: ${what}`,
      );
      check(what.includes("this record takes: case reference number (CRN), phone, address, support needs."), `what is taken: ${what}`);
      await axe(sp, "merge two records");
      await sp.locator("section.merge").scrollIntoViewIfNeeded();
      await shot(sp, "merge-records");
      check(!(await calls(sp)).some((c) => c.cmd === "merge_clients"), "merged before the question");
      await sp.getByRole("button", { name: "Merge records…" }).click();
      await sp.getByRole("heading", { name: "Merge these two records?" }).waitFor();
      check((await focused(sp)).startsWith("h3#merge-confirm-h"), `focus on ${await focused(sp)}`);
      await axe(sp, "merge two records: the question");
      await sp.getByRole("button", { name: "Yes, merge the records" }).click();
      await sp.locator("section.merge").waitFor({ state: "detached" });
      const sent = await lastCall(sp, "merge_clients");
      check(sent.kept_id === "c-mo-khan" && sent.merged_id === "c-mu-khan", `merge_clients sent ${JSON.stringify(sent)}`);
      check(
        JSON.stringify(sent.choices) === JSON.stringify({ crn: "X774120", phone: "07700 900995", address: "Flat 3, 18 Canal Street", support_needs: ["drugs", "housing"] }),
        `choices: ${JSON.stringify(sent.choices)}`,
      );
      await announcedOn(sp, "Records merged.");
      await sp.waitForFunction(() => document.activeElement?.id === "merges-h");
      const merges = squash(await sp.locator("section.merges").innerText());
      check(merges.includes("Merged with Muhammad Khan's record on 20 November 2026 by Sam Patel."), `merges card: ${merges}`);
      check(merges.includes("Moved here: 1 episode of support, 1 appointment and 1 contact."), `moved: ${merges}`);
      const ids = squash(await detailsCard().innerText());
      check(ids.includes("07700 900995") && ids.includes("X774120") && ids.includes("A5531FT"), `details after merging: ${ids}`);
      const timeline = await sp.locator("ol.timeline").innerText();
      check(timeline.includes("Riverside Medical Practice") && timeline.includes("nearer his mum"), "the other record's history did not move here");
      await axe(sp, "client record after a merge");
      await shot(sp, "merged-record");
    });
    await step("client record: undoing a merge asks first, then both records are as they were", async () => {
      await sp.getByRole("button", { name: "Undo merge with Muhammad Khan's record" }).click();
      await sp.getByRole("heading", { name: "Undo this merge?" }).waitFor();
      check((await focused(sp)).includes("Undo this merge?"), `focus on ${await focused(sp)}`);
      await sp.getByRole("button", { name: "Keep the merge" }).click();
      check((await focused(sp)).startsWith("button#merge-undo-"), `focus after keeping on ${await focused(sp)}`);
      check(!(await calls(sp)).some((c) => c.cmd === "undo_merge"), "undone although the person kept it");
      await sp.getByRole("button", { name: "Undo merge with Muhammad Khan's record" }).click();
      await axe(sp, "undo a merge: the question");
      await sp.getByRole("button", { name: "Yes, undo the merge" }).click();
      await sp.locator("section.merges .badge", { hasText: "Undone on 20 November 2026." }).waitFor();
      check((await lastCall(sp, "undo_merge")).id === "mg-1", "undo_merge sent the wrong merge");
      await announcedOn(sp, "Merge undone. Muhammad Khan's record is back as it was.");
      check(!(await sp.getByRole("button", { name: /^Undo merge/ }).count()), "an undone merge can be undone again");
      const ids = squash(await detailsCard().innerText());
      check(ids.includes("07700 900218") && !ids.includes("X774120"), `details after undoing: ${ids}`);
      check(
        !(await sp.locator("section[aria-labelledby=timeline-h]").innerText()).includes("nearer his mum"),
        "the other record's history stayed here",
      );
      // The other record is back in the list, with its own history, and shows the merge too.
      await sp.getByRole("link", { name: "Clients" }).click();
      await sp.locator("#client-search").fill("khan");
      await sp.getByText("Showing 1 to 2 of 2 clients.").waitFor();
      await sp.getByRole("link", { name: "Muhammad Khan" }).click();
      await sp.getByRole("heading", { level: 1, name: "Muhammad Khan" }).waitFor();
      check((await sp.locator("ol.timeline").innerText()).includes("nearer his mum"), "the history did not go back");
      await sp.locator("section.merges", { hasText: "Merged into Mohammed Khan's record on 20 November 2026 by Sam Patel." }).waitFor();
    });

    await step("client record: a manager erases a person's details after typing ERASE; the record says so and offers it no more", async () => {
      await sp.getByRole("heading", { level: 2, name: "Erase this person's details" }).waitFor();
      await sp.getByRole("button", { name: "Erase details…" }).click();
      await sp.getByRole("heading", { level: 2, name: "Erase Muhammad Khan's details?" }).waitFor();
      check((await focused(sp)).startsWith("input#erase-confirm"), `focus on ${await focused(sp)}`);
      // Enter straight away, or the wrong word, erases nothing and says why beside the box.
      await sp.keyboard.press("Enter");
      await sp.locator("#erase-confirm-error", { hasText: "Type the word ERASE to confirm" }).waitFor();
      await sp.locator("#erase-confirm").fill("yes");
      await sp.getByRole("button", { name: "Erase their details" }).click();
      check(!(await calls(sp)).some((c) => c.cmd === "erase_client"), "erased without the word typed");
      await axe(sp, "erase a person's details: the question");
      await shot(sp, "erase-client", { fullPage: false });
      await sp.getByRole("button", { name: "Cancel" }).click();
      check((await focused(sp)).startsWith("button#erase-open"), `focus after cancelling on ${await focused(sp)}`);
      // Withdrawing consent to keep their details leads straight to the same question.
      await sp.getByRole("button", { name: "Record a consent decision…" }).click();
      await sp.locator("#consent-purpose").selectOption("store");
      await sp.getByRole("radio", { name: "They did not agree, or they withdrew" }).check();
      await sp.locator("#consent-store-warning", { hasText: "the record must be erased" }).waitFor();
      await sp.getByRole("button", { name: "Save decision" }).click();
      await sp.getByRole("heading", { level: 2, name: "Erase Muhammad Khan's details?" }).waitFor();
      check((await focused(sp)).startsWith("input#erase-confirm"), `focus after withdrawing on ${await focused(sp)}`);
      check((await lastCall(sp, "record_consent")).consent.purpose === "store", "the withdrawal was not recorded first");
      await sp.locator("#erase-confirm").fill("erase");
      await sp.getByRole("button", { name: "Erase their details" }).click();
      await sp.locator("#erased-note", { hasText: "This person's details have been erased." }).waitFor();
      check((await lastCall(sp, "erase_client")).id !== undefined, "erase_client was not sent with the client");
      await announcedOn(sp, "Their details are erased. Other computers erase them when they get your next sync file.");
      check((await focused(sp)).startsWith("p#erased-note"), `focus after erasing on ${await focused(sp)}`);
      check(!(await sp.getByRole("button", { name: "Erase details…" }).count()), "erasing is offered again");
      const ids = squash(await detailsCard().innerText());
      check(!ids.includes("07700 900218"), `details after erasing: ${ids}`);
      await axe(sp, "an erased record");
    });

    await step("client record: questionnaires oldest first with band, change since the baseline, a drawing and its text; a warning stands out", async () => {
      await sp.getByRole("link", { name: "Clients" }).click();
      await sp.locator("#client-search").fill("chidi");
      await sp.getByRole("link", { name: "Chidi Okafor" }).click();
      await sp.getByRole("heading", { level: 1, name: "Chidi Okafor" }).waitFor();
      const card = sp.locator("section.measures");
      const phq = card.locator("section.series", { has: sp.getByRole("heading", { name: "PHQ-9 (depression)" }) });
      const rows = (await phq.locator("tbody tr").allInnerTexts()).map(squash);
      check(rows.length === 2 && rows[0].includes("10 Aug 2026") && rows[0].includes("18 out of 27") && rows[0].includes("moderately severe") && rows[0].includes("Baseline"), `baseline row: ${rows[0]}`);
      check(
        rows[1].includes("11 out of 27") && rows[1].includes("moderate") && rows[1].includes("Down 7 points since the baseline: a reliable improvement.") && rows[1].includes("Reliable improvement"),
        `review row: ${rows[1]}`,
      );
      const spark = await phq.locator('svg[role="img"]').getAttribute("aria-label");
      check(spark === "PHQ-9 (depression) scores, oldest first: 18 on 10 August 2026, 11 on 5 October 2026. A lower score is better.", `drawing's text: ${spark}`);
      // The baseline answered question 9 above 0; the later review did not, so that row is marked, not raised.
      check(rows[0].includes("Question 9 above 0") && !rows[1].includes("Question 9"), "the baseline's answer to question 9 is not marked");
      check(!(await phq.locator(".warning").count()), "an old warning is raised after a later review");
      const gad = squash(await card.locator("section.series", { has: sp.getByRole("heading", { name: "GAD-7 (anxiety)" }) }).innerText());
      check(gad.includes("Total from a paper form") && gad.includes("Down 2 points since the baseline: no reliable change."), `GAD-7: ${gad}`);
      const wellbeing = squash(await card.locator("section.series", { has: sp.getByRole("heading", { name: "Wellbeing check" }) }).innerText());
      check(wellbeing.includes("Up 5 points since the baseline: a reliable improvement.") && wellbeing.includes("A higher score is better."), `wellbeing: ${wellbeing}`);
      await axe(sp, "questionnaires on the record");
      await card.scrollIntoViewIfNeeded();
      await shot(sp, "questionnaires", { fullPage: false });
      await sp.emulateMedia({ colorScheme: "dark" });
      await shot(sp, "questionnaires-dark", { fullPage: false });
      await sp.emulateMedia({ colorScheme: "light" });
    });
    await step("client record: consent decisions keep their history; a no to health stops a health referral being sent; everything held about them is saved", async () => {
      const card = sp.locator("section[aria-labelledby=consent-h]");
      const now = squash(await card.innerText());
      check(now.includes("Share with health services") && now.includes("Recorded before consent history was kept"), `consent card: ${now}`);
      await sp.getByRole("button", { name: "Record a consent decision…" }).click();
      check((await focused(sp)).startsWith("select#consent-purpose"), `focus on ${await focused(sp)}`);
      // Nothing chosen: each problem beside its box, nothing sent.
      const consentCalls = async () => (await calls(sp)).filter((c) => c.cmd === "record_consent").length;
      const before = await consentCalls();
      await sp.getByRole("button", { name: "Save decision" }).click();
      await sp.locator("#consent-purpose-error", { hasText: "Choose what the decision is about." }).waitFor();
      await sp.locator("#consent-given-error", { hasText: "Choose whether they agreed." }).waitFor();
      check((await consentCalls()) === before, "a decision was sent with nothing chosen");
      await sp.locator("#consent-purpose").selectOption("share_health");
      await sp.getByRole("radio", { name: "They did not agree, or they withdrew" }).check();
      await axe(sp, "record a consent decision");
      await card.scrollIntoViewIfNeeded();
      await shot(sp, "consent-decision", { fullPage: false });
      await sp.getByRole("button", { name: "Save decision" }).click();
      await card.getByText("History (1 decision)").waitFor();
      await announcedOn(sp, "Consent recorded.");
      const sent = await lastCall(sp, "record_consent");
      check(sent.consent.purpose === "share_health" && sent.consent.given === false && sent.consent.decided_on === "2026-11-20", JSON.stringify(sent));
      check(squash(await card.innerText()).includes("Did not agree, or withdrew on 20 November 2026"), `after: ${squash(await card.innerText())}`);
      await card.getByText("History (1 decision)").click();
      check(squash(await card.locator(".consent-history").innerText()).includes("Recorded by Sam Patel."), "who recorded it is not shown");

      // A referral to a health service cannot now be sent; the reason is beside "Has it been sent?".
      await sp.locator("#qa-referral").click();
      await sp.getByRole("heading", { name: "Make a referral" }).waitFor();
      await sp.locator("#referral-service_type").selectOption("mental_health");
      await sp.getByRole("button", { name: "Save referral" }).click();
      await sp.locator("#referral-status-error", { hasText: "has not agreed to their details being shared with health services" }).waitFor();
      dialogAnswer = "accept";
      await sp.locator("section.action-card").getByRole("button", { name: "Cancel" }).click();
      dialogAnswer = "dismiss";
      await sp.getByRole("heading", { name: "Make a referral" }).waitFor({ state: "detached" });

      // Everything held about them, as a PDF and JSON where the person chose.
      await sp.getByRole("button", { name: "Save everything held about them…" }).click();
      await sp.locator("section[aria-labelledby=sar-h] .notice", { hasText: "Both hold personal data" }).waitFor();
      check((await lastCall(sp, "subject_access")).since === null, "subject_access was sent with a date");
      await axe(sp, "everything held about them, saved");
      await sp.locator("section[aria-labelledby=sar-h]").scrollIntoViewIfNeeded();
      await shot(sp, "subject-access", { fullPage: false });
    });
    await step("client record: a PHQ-9 recorded question by question: one left unanswered is refused beside it; then its band and change show", async () => {
      await sp.getByRole("button", { name: "Record a questionnaire…" }).click();
      await sp.getByRole("heading", { level: 3, name: "Record a questionnaire" }).waitFor();
      check((await focused(sp)).startsWith("h3#measure-h"), `focus on ${await focused(sp)}`);
      await sp.getByRole("radio", { name: "PHQ-9 (depression)" }).check();
      const form = sp.locator("section.record-measure");
      check((await form.getByText("Over the last 2 weeks, how often have you been bothered").count()) === 1, "the stem is not shown once");
      check((await form.locator("li.question").count()) === 9, "not 9 questions");
      for (const n of [1, 2, 3, 5, 6, 7, 8, 9]) await sp.locator(`#measure-q-${n}`).getByRole("radio", { name: /^Several days/ }).check();
      check((await sp.locator("#measure-running").innerText()) === "Total so far: 8 out of 27. 8 of 9 questions answered.", `running: ${await sp.locator("#measure-running").innerText()}`);
      await sp.getByRole("button", { name: "Save questionnaire" }).click();
      await sp.locator("#measure-q-4-error").waitFor();
      check((await sp.locator("#measure-q-4-error").innerText()).includes("Choose an answer to question 4."), "the message is not beside question 4");
      check((await sp.locator("#measure-q-3-error").count()) === 0, "an answered question is marked");
      check(await sp.evaluate(() => document.activeElement?.getAttribute("name") === "measure-q-4"), `focus on ${await focused(sp)}`);
      check(!(await calls(sp)).some((c) => c.cmd === "record_measure"), "asked the app with a question unanswered");
      await axe(sp, "record a questionnaire with an error");
      await sp.locator("#measure-q-4").scrollIntoViewIfNeeded();
      await shot(sp, "record-questionnaire-error", { fullPage: false });
      await sp.keyboard.press("ArrowRight");
      await sp.locator("#measure-running", { hasText: "Total: 9 out of 27. All 9 questions answered." }).waitFor();
      await sp.getByRole("button", { name: "Save questionnaire" }).click();
      await form.waitFor({ state: "detached" });
      const sent = await lastCall(sp, "record_measure");
      check(
        JSON.stringify(sent.measure) ===
          JSON.stringify({ client_id: "c-chidi", scale: "phq9", taken_on: "2026-11-20", answers: [1, 1, 1, 1, 1, 1, 1, 1, 1], total: null }),
        `record_measure sent ${JSON.stringify(sent)}`,
      );
      await announcedOn(sp, "PHQ-9 (depression) recorded: 9 out of 27 (mild). Down 9 points since the baseline: a reliable improvement.");
      await sp.waitForFunction(() => document.activeElement?.id === "measures-h");
      const phq = sp.locator("section.series", { has: sp.getByRole("heading", { name: "PHQ-9 (depression)" }) });
      const last = squash(await phq.locator("tbody tr").last().innerText());
      check(last.includes("20 Nov 2026") && last.includes("9 out of 27") && last.includes("mild") && last.includes("Down 9 points since the baseline: a reliable improvement."), `new row: ${last}`);
      const warning = await phq.locator(".warning").innerText();
      check(
        warning.includes("Fri 20 November 2026") && warning.includes("Answered item 9 (thoughts of self-harm) above 0: check risk today."),
        `the warning: ${warning}`,
      );
      // A paper form's total: out of range is refused beside the box.
      await sp.getByRole("button", { name: "Record a questionnaire…" }).click();
      await sp.getByRole("radio", { name: "GAD-7 (anxiety)" }).check();
      await sp.getByLabel("Enter the total from a paper form").check();
      await sp.getByLabel("Total score").fill("30");
      await sp.getByRole("button", { name: "Save questionnaire" }).click();
      await sp.locator("#measure-total-error", { hasText: "Enter the total as a whole number from 0 to 21." }).waitFor();
      await sp.getByLabel("Total score").fill("6");
      await sp.getByRole("button", { name: "Save questionnaire" }).click();
      await sp.locator("section.record-measure").waitFor({ state: "detached" });
      check(JSON.stringify((await lastCall(sp, "record_measure")).measure.total) === "6", "the paper total was not sent");
      await announcedOn(sp, "GAD-7 (anxiety) recorded: 6 out of 21 (mild). Down 6 points since the baseline: a reliable improvement.");
    });

    await step("reports: outcome measures show each questionnaire's rate, with counts that open their records and a chart", async () => {
      await sp.locator("#nav-reports").click();
      await sp.locator("#summary-h").waitFor();
      const section = sp.locator("section.part", { has: sp.locator("#rep-outcomes") });
      check(await sp.getByRole("navigation", { name: "Parts of the summary" }).getByRole("link", { name: "Outcome measures" }).isVisible(), "no link to the part");
      const rows = (await section.locator("#report-outcomes tbody tr").allInnerTexts()).map(squash);
      for (const [i, start] of ["PHQ-9 (depression) 38.9% 7", "GAD-7 (anxiety) 41.7% 5", "Wellbeing check 33.3% 3"].entries())
        check(rows[i]?.startsWith(start), `row ${i + 1} does not start "${start}": ${rows[i]}`);
      for (const [key, n] of [["outcomes.phq9.reviewed", "18"], ["outcomes.gad7.improved", "5"], ["outcomes.wellbeing.reviewed", "9"]])
        check((await section.locator(`button[data-key='${key}']`).innerText()).startsWith(n), `${key} is not a button showing ${n}`);
      const chart = await section.locator('svg[role="img"]').getAttribute("aria-label");
      check(chart.includes("PHQ-9 (depression): 38.9%") && chart.includes("Wellbeing check: 33.3%"), `chart: ${chart}`);
      const improved = section.locator("button[data-key='outcomes.phq9.improved']");
      check(
        (await improved.textContent()) === "7: PHQ-9 (depression) reviews showing reliable improvement in October 2026. Show the records",
        `the button's words: ${await improved.textContent()}`,
      );
      await improved.click();
      const dialog = sp.getByRole("dialog", { name: "PHQ-9 (depression) reviews showing reliable improvement in October 2026" });
      await dialog.waitFor();
      await sp.locator("#drill-count", { hasText: "7 records" }).waitFor();
      check((await lastCall(sp, "report_records")).key === "outcomes.phq9.improved", "the wrong figure's records");
      await sp.keyboard.press("Escape");
      await dialog.waitFor({ state: "hidden" });
      await axe(sp, "reports: outcome measures");
      await sp.locator("#rep-outcomes").scrollIntoViewIfNeeded();
      await shot(sp, "reports-outcomes", { fullPage: false });
      // External: a count from 1 to 4 is hidden, and then there is no rate.
      await sp.getByLabel("External", { exact: true }).check();
      await sp.getByRole("button", { name: "Show the summary" }).click();
      await sp.locator("#report-audience-line", { hasText: "external summary" }).waitFor();
      const wellbeing = squash(await section.locator("#report-outcomes tbody tr").last().innerText());
      check(wellbeing.includes("No rate") && wellbeing.includes("<5") && !wellbeing.includes("33.3%"), `external wellbeing row: ${wellbeing}`);
    });
    await sp.close();

    await step("caseworker: Services is read-only, saying only a manager can change it; matches in other caseloads are only counted", async () => {
      const cs = await newPage(context, { has_database: true, unlocked: true, role: "caseworker" }, errors);
      await cs.goto(`${origin}/`);
      await cs.getByRole("heading", { level: 1, name: "Today" }).waitFor();
      await cs.locator("#nav-services").click();
      await cs.getByRole("heading", { level: 1, name: "Services" }).waitFor();
      await cs.locator("#services-summary", { hasText: "6 services." }).waitFor();
      check((await cs.locator("#services-read-only").innerText()).includes("Only a manager can change the directory."), "no word that only a manager can change it");
      check(!(await cs.locator("#services-add").count()), "a caseworker is offered Add a service");
      check(!(await cs.getByRole("button", { name: /^(Edit|Close|Open again):/ }).count()), "a caseworker is offered Edit, Close or Open again");
      check((await cs.locator("article.service").first().innerText()).includes("Median wait from referral to first appointment"), "waits not shown to a caseworker");
      await axe(cs, "services for a caseworker");
      await shot(cs, "services-caseworker", { fullPage: false });
      // Both Khans are on Sam's caseload: Aisha is told there are matches, not who they are.
      await cs.getByRole("link", { name: "Clients" }).click();
      await cs.getByRole("button", { name: "Add a client" }).first().click();
      const dialog = cs.getByRole("dialog", { name: "Add a client" });
      await dialog.getByLabel("Given name").fill("Muhammad");
      await dialog.getByLabel("Family name").fill("Khan");
      await dialog.getByLabel("Day").fill("14");
      await dialog.getByLabel("Month").fill("5");
      await dialog.getByLabel("Year").fill("1986");
      await cs.locator("#dupes-elsewhere").waitFor();
      check(
        (await cs.locator("#dupes-elsewhere").innerText()) === "2 possible matches are in other caseloads. Ask a manager before adding this person.",
        `elsewhere: ${await cs.locator("#dupes-elsewhere").innerText()}`,
      );
      check(!(await cs.locator("#dupes li.match").count()), "a match outside the caseload is shown");
      await axe(cs, "add a client: matches in other caseloads");
      await cs.close();
    });

    const mentorPage = await newPage(context, { has_database: true, unlocked: true, role: "peer_mentor" }, errors);
    mentorPage.on("dialog", async (d) => {
      dialogs.push(d.message());
      await (dialogAnswer === "accept" ? d.accept() : d.dismiss());
    });
    await step("peer mentor: opens on My week; the menu offers only My week, When I'm free and Settings; no client records", async () => {
      await mentorPage.goto(`${origin}/`);
      await mentorPage.getByRole("heading", { level: 1, name: "My week" }).waitFor();
      await mentorPage.getByRole("heading", { level: 2, name: "My people" }).waitFor();
      check((await focused(mentorPage)).startsWith("h1"), `focus on ${await focused(mentorPage)}`);
      const links = await mentorPage.getByRole("navigation", { name: "Main" }).getByRole("link").allInnerTexts();
      check(JSON.stringify(links) === JSON.stringify(["My week", "When I'm free", "Settings"]), `links: ${JSON.stringify(links)}`);
      check(!(await mentorPage.locator("#nav-reports").count()), "a peer mentor has a Reports link");
      check(!(await calls(mentorPage)).some((c) => c.cmd === "conflicts"), "asked for sync conflicts although a mentor may not sync");
      await mentorPage.getByText("Hello Dee.").waitFor();
      const lan = mentorPage.locator("section.person", { has: mentorPage.getByRole("heading", { name: /Lan Nguyễn Thị/ }) });
      const text = await lan.innerText();
      for (const want of [
        "(she/her)",
        "07700 900733",
        "Exploitation",
        "step-free access",
        "Wed 25 November 2026 at 13:30",
        "Hospital outpatient",
        "Queen Elizabeth Hospital, Outpatients, level 2",
        "You are going with them",
      ])
        check(text.includes(want), `Lan's card lacks '${want}': ${text}`);
      check((await mentorPage.locator('main a[href^="#/clients"]').count()) === 0, "a link to a client record is offered");
      await axe(mentorPage, "my people");
      await shot(mentorPage, "my-people");
      await mentorPage.emulateMedia({ colorScheme: "dark" });
      await shot(mentorPage, "my-people-dark", { fullPage: false });
      await mentorPage.emulateMedia({ colorScheme: "light" });
    });
    await step("peer mentor: says what happened at a past appointment by keyboard (choose, save)", async () => {
      await tabTo(mentorPage, (f) => f.startsWith("input") && f.includes("Attended"));
      await mentorPage.keyboard.press("Space");
      await mentorPage.keyboard.press("Tab");
      check((await focused(mentorPage)).startsWith("button:Save"), `Tab went to ${await focused(mentorPage)}`);
      await mentorPage.keyboard.press("Enter");
      await mentorPage.locator("#awaiting-h").waitFor({ state: "detached" });
      const rec = (await calls(mentorPage)).filter((c) => c.cmd === "record_outcome").at(-1).args.args;
      check(rec.id === "a-lan-gp" && rec.record.outcome === "attended", JSON.stringify(rec));
      await mentorPage.waitForFunction(() => document.getElementById("announcer")?.textContent?.includes("Saved: Lan"));
    });
    await step("peer mentor: books for someone with themselves already chosen to go; the app's refusal beside the end time", async () => {
      await mentorPage.getByRole("button", { name: "Book an appointment for Siobhán O'Brien" }).click();
      const form = mentorPage.locator("section.book");
      await form.waitFor();
      check((await focused(mentorPage)).startsWith("select#book-service_type"), `focus on ${await focused(mentorPage)}`);
      check(await form.getByLabel("Peer mentor", { exact: true }).isChecked(), "a peer mentor is not chosen to go");
      check((await mentorPage.locator("#book-planned_mentor_id").inputValue()) === "m-dee", "the mentor is not themselves");
      await form.getByLabel("Kind of appointment").selectOption("gp");
      await form.getByLabel("Provider (optional)").fill("Riverside Medical Practice");
      await form.getByLabel("Day").fill("24");
      await form.getByLabel("Month").fill("11");
      await form.getByLabel("Year").fill("2026");
      await form.getByLabel("Start time").fill("14:00");
      await form.getByLabel("End time (optional)").fill("13:00");
      await form.getByRole("button", { name: "Book appointment" }).click();
      await mentorPage.locator("#book-ends_at-error").waitFor();
      // Core's check before booking refuses it first, in its words.
      check((await mentorPage.locator("#book-ends_at-error").innerText()).includes("cannot end before it starts"), "end message");
      await axe(mentorPage, "mentor booking with an error");
      await form.scrollIntoViewIfNeeded();
      await shot(mentorPage, "my-people-book", { fullPage: false });
      await form.getByLabel("End time (optional)").fill("15:00");
      await form.getByRole("button", { name: "Book appointment" }).click();
      await form.waitFor({ state: "detached" });
      const b = (await calls(mentorPage)).filter((c) => c.cmd === "book_appointment").at(-1).args.args.booking;
      check(
        b.client_id === "c-siobhan" && b.planned_accompaniment === "peer_mentor" && b.planned_mentor_id === "m-dee" && b.starts_at === "2026-11-24T14:00:00Z",
        JSON.stringify(b),
      );
      const card = mentorPage.locator("section.person", { has: mentorPage.getByRole("heading", { name: /Siobhán O'Brien/ }) });
      await card.getByText("Tue 24 November 2026 at 14:00").waitFor();
      check((await focused(mentorPage)).startsWith("h3"), `focus after booking on ${await focused(mentorPage)}`);
    });
    await step("peer mentor: moves an appointment to a new time", async () => {
      await mentorPage
        .getByRole("button", { name: "Move Lan Nguyễn Thị's Hospital outpatient appointment on Wed 25 November 2026 at 13:30" })
        .click();
      const form = mentorPage.getByRole("form", { name: /Move the appointment on Wed 25 November 2026 at 13:30/ });
      await form.waitFor();
      await form.getByLabel("Cancelled by the service").check();
      await form.getByLabel("Day").fill("2");
      await form.getByLabel("Month").fill("12");
      await form.getByLabel("Year").fill("2026");
      await form.getByLabel("New start time").fill("10:00");
      await axe(mentorPage, "mentor moving an appointment");
      await form.getByRole("button", { name: "Move appointment" }).click();
      // Core is asked first what the new time clashes with (here: outside the mentor's usual times);
      // nothing is moved until the person answers.
      const warning = form.locator('[id$="-clashes"]');
      await warning.waitFor();
      check((await warning.innerText()).includes("Check before you save"), await warning.innerText());
      check((await focused(mentorPage)).includes("-clashes"), `focus on ${await focused(mentorPage)}`);
      const sent = (await lastCall(mentorPage, "check_booking")).check;
      check(
        sent.client_id === "c-lan" && sent.starts_at === "2026-12-02T10:00:00Z" && typeof sent.moving === "string" && sent.planned_mentor_id === "m-dee",
        JSON.stringify(sent),
      );
      check(!(await calls(mentorPage)).some((c) => c.cmd === "reschedule_appointment"), "moved before the warning was answered");
      await axe(mentorPage, "mentor moving an appointment, with a warning");
      await form.getByRole("button", { name: "Change it" }).click();
      check((await focused(mentorPage)).includes("-date-day:"), `Change it went to ${await focused(mentorPage)}`);
      check(!(await warning.count()), "the warning stayed after Change it");
      await form.getByRole("button", { name: "Move appointment" }).click();
      await warning.waitFor();
      await form.getByRole("button", { name: "Move anyway" }).click();
      await form.waitFor({ state: "detached" });
      const mv = (await calls(mentorPage)).filter((c) => c.cmd === "reschedule_appointment").at(-1).args.args;
      check(mv.id === sent.moving && mv.starts_at === "2026-12-02T10:00:00Z", JSON.stringify(mv));
      const lan = mentorPage.locator("section.person", { has: mentorPage.getByRole("heading", { name: /Lan Nguyễn Thị/ }) });
      await lan.getByText("Wed 2 December 2026 at 10:00").waitFor();
      check(!(await lan.getByText("Wed 25 November 2026").count()), "the old time is still listed as coming");
    });
    await step("peer mentor: Settings changes their own passphrase; each refusal beside its box; no lock choice", async () => {
      await mentorPage.getByRole("link", { name: "Settings" }).click();
      await mentorPage.getByRole("heading", { level: 1, name: "Settings" }).waitFor();
      check(!(await mentorPage.locator("#lock-minutes").count()), "a peer mentor is offered the lock setting");
      await mentorPage.locator("#old-passphrase").fill("not my passphrase");
      await mentorPage.locator("#new-passphrase").fill("short");
      await mentorPage.locator("#new-confirm").fill("shirt");
      await mentorPage.getByRole("button", { name: "Change my passphrase" }).click();
      await mentorPage.locator("#new-confirm-error").waitFor();
      await mentorPage.locator("#new-confirm").fill("short");
      await mentorPage.getByRole("button", { name: "Change my passphrase" }).click();
      await mentorPage.locator("#new-passphrase-error").waitFor();
      check((await mentorPage.locator("#new-passphrase-error").innerText()).includes("at least 12 characters"), "strength message");
      await mentorPage.locator("#new-passphrase").fill("copper kite winter orchard");
      await mentorPage.locator("#new-confirm").fill("copper kite winter orchard");
      await mentorPage.getByRole("button", { name: "Change my passphrase" }).click();
      await mentorPage.locator("#old-passphrase-error").waitFor();
      check((await mentorPage.locator("#old-passphrase-error").innerText()).includes("not your current passphrase"), "old message");
      check((await focused(mentorPage)).startsWith("input#old-passphrase"), `focus on ${await focused(mentorPage)}`);
      await axe(mentorPage, "settings with an error");
      await shot(mentorPage, "settings-error");
      await mentorPage.locator("#old-passphrase").fill("correct horse battery staple");
      await mentorPage.getByRole("button", { name: "Change my passphrase" }).click();
      await mentorPage.locator("#passphrase-changed").waitFor();
      check((await mentorPage.locator("#old-passphrase").inputValue()) === "", "the old passphrase stays in its box");
      const sent = (await calls(mentorPage)).filter((c) => c.cmd === "change_passphrase").at(-1).args.args;
      check(sent.old === "correct horse battery staple" && sent.new === "copper kite winter orchard", "change_passphrase args");
    });
    await mentorPage.close();

    // ---- calendar steps (the week, booking into a slot, moving by keyboard and by dragging, the mentor's week) ----
    const cal = await newPage(context, { has_database: true, unlocked: true, dee_away: "2026-11-27" }, errors);
    cal.on("dialog", async (d) => {
      dialogs.push(d.message());
      await (dialogAnswer === "accept" ? d.accept() : d.dismiss());
    });
    await step("calendar: the manager's own week as a grid (placed by London time) and as a list", async () => {
      await cal.goto(`${origin}/`);
      await cal.getByRole("heading", { level: 1, name: "Today" }).waitFor();
      await cal.getByRole("link", { name: "Calendar" }).click();
      await cal.getByRole("heading", { level: 1, name: "Calendar" }).waitFor();
      check((await focused(cal)).startsWith("h1"), `focus on ${await focused(cal)}`);
      await cal.getByRole("heading", { level: 2, name: "Your week" }).waitFor();
      const asked = await lastCall(cal, "week");
      check(JSON.stringify(asked) === JSON.stringify({ of: { of: "caseworker", user_id: "u-sam" }, day: "2026-11-20" }), JSON.stringify(asked));
      await cal.getByText("Week of 16 to 22 November 2026").waitFor();
      const precious = cal
        .getByRole("list", { name: "Appointments this week" })
        .getByRole("button", { name: "Thu 19 Nov, 14:00 to 15:00: Precious, With Sam Patel, Riverside Medical Practice, 14 Mill Lane" });
      await precious.waitFor();
      const box = await precious.boundingBox();
      const thursday = await cal.getByRole("heading", { level: 3, name: "Thu 19 Nov" }).boundingBox();
      const two = await cal.getByRole("button", { name: "Book at 14:00, Thu 19 Nov" }).boundingBox();
      check(box.x >= thursday.x - 8 && box.x < thursday.x + thursday.width, `not under Thursday: ${box.x} vs ${thursday.x}`);
      check(Math.abs(box.y - two.y) < 4, `not at 14:00: ${box.y} vs ${two.y}`);
      check(await cal.getByText("Peer mentor needed: nobody named").isVisible(), "Jade's appointment does not say nobody is named");
      await axe(cal, "calendar");
      await shot(cal, "calendar");
      await cal.getByRole("button", { name: "List" }).click();
      const thu = cal.locator(".week-list section", { has: cal.getByRole("heading", { name: "Thursday 19 November" }) });
      const text = await thu.innerText();
      for (const want of ["14:00 to 15:00", "Precious", "With Sam Patel", "Riverside Medical Practice, 14 Mill Lane"])
        check(text.includes(want), `Thursday's list lacks '${want}': ${text}`);
      await axe(cal, "calendar as a list");
      await shot(cal, "calendar-list", { fullPage: false });
      await cal.getByRole("button", { name: "Grid" }).click();
    });
    await step("calendar: a peer mentor's week (free, away), booking into a slot warns with core's words, then Book anyway", async () => {
      await cal.getByLabel("Whose calendar").selectOption("mentor:m-dee");
      await cal.getByRole("heading", { level: 2, name: "Dee Campbell's week" }).waitFor();
      await cal.getByRole("button", { name: "Next week" }).click();
      await cal.getByText("Week of 23 to 29 November 2026").waitFor();
      const asked = await lastCall(cal, "week");
      check(JSON.stringify(asked) === JSON.stringify({ of: { of: "mentor", mentor_id: "m-dee" }, day: "2026-11-23" }), JSON.stringify(asked));
      const key = await cal.getByRole("list", { name: "Key" }).innerText();
      check(key.includes("Free") && key.includes("Away all day"), `key: ${key}`);
      check(await cal.getByText("Leeds and Bradford, by bus").isVisible(), "where they can travel is not shown");
      check((await cal.getByRole("button", { name: "Book at 10:00, Tue 24 Nov (free time)" }).count()) === 1, "a free half hour does not say so");
      check((await cal.getByRole("button", { name: "Book at 10:00, Fri 27 Nov (away)" }).count()) === 1, "a day away does not say so");
      await axe(cal, "a peer mentor's week");
      await shot(cal, "calendar-mentor", { fullPage: false });
      await cal.getByRole("button", { name: "Book at 13:00, Wed 25 Nov" }).click();
      const form = cal.locator("section.book");
      await form.waitFor();
      check((await focused(cal)).startsWith("input#cal-book-client_id"), `focus on ${await focused(cal)}`);
      check(await form.getByLabel("Peer mentor", { exact: true }).isChecked(), "the mentor whose calendar it is is not going");
      check((await cal.locator("#cal-book-planned_mentor_id").inputValue()) === "m-dee", "Dee is not chosen");
      const [d, m, y, t] = await Promise.all(
        ["#cal-book-date-day", "#cal-book-date-month", "#cal-book-date-year", "#cal-book-start_time"].map((s) => cal.locator(s).inputValue()),
      );
      check(d === "25" && m === "11" && y === "2026" && t === "13:00", `the slot's time was not filled in: ${d} ${m} ${y} ${t}`);
      await form.getByLabel("Who is it for?").fill("siob");
      await form.getByRole("radio", { name: /Siobhán O'Brien/ }).check();
      await form.getByLabel("Kind of appointment").selectOption("dental");
      await form.getByLabel("Place (optional)").fill("Smile Dental, 4 Park Row");
      await form.getByRole("button", { name: "Book appointment" }).click();
      const warning = cal.locator("#cal-book-clashes");
      await warning.waitFor();
      const text = await warning.innerText();
      check(text.includes("Dee Campbell is already going with Lan Nguyễn Thị from 13:30 to 14:30 on Wednesday 25 November."), text);
      check(text.includes("This is outside the times Dee Campbell is usually free (not usually on a Wednesday)."), text);
      check(await cal.getByRole("alert").filter({ hasText: "already going with Lan" }).isVisible(), "the warning is not an alert");
      check((await focused(cal)).startsWith("div#cal-book-clashes"), `focus on ${await focused(cal)}`);
      const sent = await lastCall(cal, "check_booking");
      check(
        JSON.stringify(sent.check) ===
          JSON.stringify({ client_id: "c-siobhan", starts_at: "2026-11-25T13:00:00Z", ends_at: null, place: "Smile Dental, 4 Park Row", planned_mentor_id: "m-dee", planned_user_id: null, moving: null }),
        JSON.stringify(sent),
      );
      check(!(await calls(cal)).some((c) => c.cmd === "book_appointment"), "booked before the warning was answered");
      await axe(cal, "booking into a slot with a warning");
      await warning.scrollIntoViewIfNeeded();
      await shot(cal, "calendar-book-warning", { fullPage: false });
      await cal.getByRole("button", { name: "Book anyway" }).click();
      await form.waitFor({ state: "detached" });
      const b = (await lastCall(cal, "book_appointment")).booking;
      check(
        b.client_id === "c-siobhan" && b.starts_at === "2026-11-25T13:00:00Z" && b.ends_at === null && b.service_type === "dental" &&
          b.planned_accompaniment === "peer_mentor" && b.planned_mentor_id === "m-dee",
        JSON.stringify(b),
      );
      await cal.getByRole("button", { name: /^Wed 25 Nov, 13:00 to 14:00: Siobhán O'Brien/ }).waitFor();
      check((await focused(cal)).includes("Siobhán O'Brien"), `focus after booking on ${await focused(cal)}`);
      await announcedOn(cal, "Appointment booked for Siobhán O'Brien.");
    });
    await step("calendar: moves an appointment by keyboard (M, arrows read out, Escape; a warning, Change it, Enter)", async () => {
      const lan = cal.getByRole("button", { name: /^Wed 25 Nov, 13:30 to 14:30: Lan Nguyễn Thị/ });
      const lanId = (await lan.getAttribute("id")).replace("cal-appt-", "");
      await lan.focus();
      await cal.keyboard.press("m");
      await cal.locator("#cal-move").waitFor();
      await announcedOn(cal, "Moving Lan Nguyễn Thị's appointment, now Wed 25 Nov, 13:30 to 14:30. Up and Down move it 15 minutes");
      await cal.keyboard.press("ArrowUp");
      await announcedOn(cal, "Wed 25 Nov, 13:15 to 14:15");
      await cal.keyboard.press("Escape");
      await cal.locator("#cal-move").waitFor({ state: "detached" });
      await announcedOn(cal, "Move stopped");
      check((await focused(cal)).startsWith(`button#cal-appt-${lanId}`), `focus after Escape on ${await focused(cal)}`);
      await cal.getByRole("button", { name: /^Wed 25 Nov, 13:30 to 14:30: Lan/ }).waitFor();
      await cal.keyboard.press("M");
      await cal.keyboard.press("ArrowDown");
      await cal.keyboard.press("ArrowDown");
      await announcedOn(cal, "Wed 25 Nov, 14:00 to 15:00");
      check((await focused(cal)).startsWith(`button#cal-appt-${lanId}`), `focus moved away while moving: ${await focused(cal)}`);
      check((await cal.locator("#cal-move").innerText()).includes("to Wed 25 Nov, 14:00 to 15:00"), "the move bar does not say where");
      await cal.keyboard.press("Enter");
      const warning = cal.locator("#cal-move-clashes");
      await warning.waitFor();
      check((await warning.innerText()).includes("not usually on a Wednesday"), await warning.innerText());
      const sent = (await lastCall(cal, "check_booking")).check;
      check(
        sent.moving === lanId && sent.client_id === "c-lan" && sent.starts_at === "2026-11-25T14:00:00Z" && sent.ends_at === null &&
          sent.planned_mentor_id === "m-dee" && sent.place === "Outpatients, level 2",
        JSON.stringify(sent),
      );
      check(!(await calls(cal)).some((c) => c.cmd === "move_appointment"), "moved before the warning was answered");
      await axe(cal, "moving with a warning");
      await shot(cal, "calendar-move-warning", { fullPage: false });
      await cal.getByRole("button", { name: "Change it" }).click();
      check((await focused(cal)).startsWith(`button#cal-appt-${lanId}`), `Change it went to ${await focused(cal)}`);
      await cal.keyboard.press("ArrowRight");
      await announcedOn(cal, "Thu 26 Nov, 14:00 to 15:00");
      await cal.keyboard.press("Enter");
      await cal.locator("#cal-move").waitFor({ state: "detached" });
      const mv = await lastCall(cal, "move_appointment");
      check(JSON.stringify(mv) === JSON.stringify({ id: lanId, starts_at: "2026-11-26T14:00:00Z", ends_at: null }), JSON.stringify(mv));
      await announcedOn(cal, "Moved: Lan Nguyễn Thị's appointment is now Thu 26 Nov, 14:00 to 15:00.");
      await cal.getByRole("button", { name: /^Thu 26 Nov, 14:00 to 15:00: Lan Nguyễn Thị/ }).waitFor();
      check((await focused(cal)).startsWith(`button#cal-appt-${lanId}`), `focus after the move on ${await focused(cal)}`);
    });
    await step("calendar: moves an appointment by dragging it to another time (checked, then saved)", async () => {
      await cal.getByLabel("Whose calendar").selectOption("me");
      await cal.getByRole("heading", { level: 2, name: "Your week" }).waitFor();
      const zainab = cal.getByRole("button", { name: /^Mon 23 Nov, 09:15 to 10:15: Zainab Hussain/ });
      await zainab.waitFor();
      const id = (await zainab.getAttribute("id")).replace("cal-appt-", "");
      await cal.evaluate(() => window.scrollTo(0, 0));
      const movesBefore = (await calls(cal)).filter((c) => c.cmd === "move_appointment").length;
      const from = await zainab.boundingBox();
      const target = await cal.getByRole("button", { name: "Book at 11:00, Tue 24 Nov" }).boundingBox();
      check(target.y + 20 < 800 && from.y > 0, `not both in view: ${from.y} ${target.y}`);
      await cal.mouse.move(from.x + 20, from.y + 6);
      await cal.mouse.down();
      await cal.mouse.move(from.x + 30, from.y + 20, { steps: 3 });
      await cal.mouse.move(target.x + 20, target.y + 6, { steps: 8 });
      await cal.getByRole("button", { name: /^Moving: Tue 24 Nov, 11:00 to 12:00: Zainab Hussain/ }).waitFor();
      check((await calls(cal)).filter((c) => c.cmd === "move_appointment").length === movesBefore, "moved before the drop");
      await shot(cal, "calendar-drag", { fullPage: false });
      await cal.mouse.up();
      await announcedOn(cal, "Moved: Zainab Hussain's appointment");
      const sent = (await lastCall(cal, "check_booking")).check;
      check(sent.moving === id && sent.starts_at === "2026-11-24T11:00:00Z" && sent.client_id === "c-zainab", JSON.stringify(sent));
      const mv = await lastCall(cal, "move_appointment");
      check(JSON.stringify(mv) === JSON.stringify({ id, starts_at: "2026-11-24T11:00:00Z", ends_at: null }), JSON.stringify(mv));
      await announcedOn(cal, "Moved: Zainab Hussain's appointment is now Tue 24 Nov, 11:00 to 12:00.");
      await cal.getByRole("button", { name: /^Tue 24 Nov, 11:00 to 12:00: Zainab Hussain/ }).waitFor();
      check(!(await cal.locator(".appt.moving").count()), "an appointment still shows as moving");
    });
    await step("calendar: exports a calendar file for the next 3 months; a range over a year is refused beside To", async () => {
      await cal.getByRole("button", { name: "Export calendar file" }).click();
      await cal.getByRole("heading", { name: "Export a calendar file" }).waitFor();
      check((await focused(cal)).startsWith("h3#cal-export-h"), `focus on ${await focused(cal)}`);
      const values = await Promise.all(
        ["from-date-day", "from-date-month", "from-date-year", "to-date-day", "to-date-month", "to-date-year"].map((s) => cal.locator(`#cal-${s}`).inputValue()),
      );
      check(values.join(" ") === "20 11 2026 20 2 2027", `not the next 3 months: ${values.join(" ")}`);
      await cal.locator("#cal-to-date-year").fill("2028");
      await cal.getByRole("button", { name: "Save calendar file" }).click();
      await cal.locator("#cal-to-date-error").waitFor();
      check((await cal.locator("#cal-to-date-error").innerText()).includes("A calendar file can cover at most a year"), "core's refusal not beside To");
      check((await focused(cal)).startsWith("input#cal-to-date-day"), `focus on ${await focused(cal)}`);
      await axe(cal, "export a calendar file with an error");
      await shot(cal, "calendar-export", { fullPage: false });
      await cal.locator("#cal-to-date-year").fill("2027");
      await cal.getByRole("button", { name: "Save calendar file" }).click();
      await cal.locator("#cal-export-saved").waitFor();
      const req = (await lastCall(cal, "export_calendar")).request;
      check(JSON.stringify(req) === JSON.stringify({ of: { of: "caseworker", user_id: "u-sam" }, from: "2026-11-20", to: "2027-02-20" }), JSON.stringify(req));
      const saved = await cal.locator("#cal-export-saved").innerText();
      check(saved.includes("/home/sam/Documents/throughcare-caseworker-appointments-2026-11-20-to-2027-02-20.ics"), saved);
      check((await focused(cal)).startsWith("button#cal-export-open"), `focus on ${await focused(cal)}`);
    });
    await cal.close();
    await step("calendar: a caseworker sees a mentor's time with someone outside their caseload only as Busy", async () => {
      const cw = await newPage(context, { has_database: true, unlocked: true, role: "caseworker" }, errors);
      await cw.goto(`${origin}/`);
      await cw.getByRole("heading", { level: 1, name: "Today" }).waitFor();
      await cw.getByRole("link", { name: "Calendar" }).click();
      await cw.getByLabel("Whose calendar").selectOption("mentor:m-dee");
      await cw.getByRole("heading", { level: 2, name: "Dee Campbell's week" }).waitFor();
      await cw.getByRole("button", { name: "Next week" }).click();
      await cw.getByText("Week of 23 to 29 November 2026").waitFor();
      const busy = cw.locator(".week-grid .busy");
      await busy.waitFor();
      check((await busy.innerText()).trim() === "Busy 13:30–14:30", await busy.innerText());
      check((await cw.getByRole("button", { name: "Book at 13:30, Wed 25 Nov (busy)" }).count()) === 1, "the busy half hour does not say so");
      const text = await cw.locator("main").innerText();
      check(!text.includes("Lan") && !text.includes("Outpatients"), "the busy time says who or where");
      await axe(cw, "a mentor's week with a busy time");
      await shot(cw, "calendar-busy", { fullPage: false });
      await cw.getByRole("button", { name: "List" }).click();
      check((await cw.locator(".week-list").innerText()).includes("Busy: going with someone else"), "the list does not say busy");
      await cw.close();
    });
    const me = await newPage(context, { has_database: true, unlocked: true, role: "peer_mentor" }, errors);
    await step("peer mentor: My week is the start screen (their week, their people, what needs attention), with no health detail", async () => {
      await me.goto(`${origin}/`);
      await me.getByRole("heading", { level: 1, name: "My week" }).waitFor();
      check((await focused(me)).startsWith("h1"), `focus on ${await focused(me)}`);
      const links = await me.getByRole("navigation", { name: "Main" }).getByRole("link").allInnerTexts();
      check(JSON.stringify(links) === JSON.stringify(["My week", "When I'm free", "Settings"]), `links: ${JSON.stringify(links)}`);
      await me.getByRole("heading", { level: 2, name: "Your week" }).waitFor();
      const asked = await lastCall(me, "week");
      check(JSON.stringify(asked) === JSON.stringify({ of: { of: "mentor", mentor_id: "m-dee" }, day: "2026-11-20" }), JSON.stringify(asked));
      await me.getByRole("button", { name: "Wed 18 Nov, 14:30 to 15:30: Lan Nguyễn Thị, You are going, Hillside Surgery, 2 Hill Road" }).waitFor();
      await me.getByRole("heading", { level: 2, name: "My people" }).waitFor();
      await me.getByRole("heading", { level: 2, name: "Needs attention" }).waitFor();
      await me.getByRole("heading", { level: 3, name: /Lan Nguyễn Thị/ }).waitFor();
      const text = await me.locator("main").innerText();
      for (const word of [/mental health/i, /support needs?/i, /offen[cs]e/i, /GP (practice|registration|status)/i, /registered with/i, /NHS number/i, /prison number/i, /licence/i, /date of birth/i, /in custody/i])
        check(!word.test(text), `the mentor's page says ${word}`);
      const week = await me.locator("section.week-calendar").innerText();
      check(!/\bGP\b/.test(week) && !week.includes("Hospital outpatient"), `the week shows the kind of appointment: ${week}`);
      await axe(me, "my week");
      await shot(me, "my-week");
      await me.emulateMedia({ colorScheme: "dark" });
      await shot(me, "my-week-dark", { fullPage: false });
      await me.emulateMedia({ colorScheme: "light" });
    });
    await step("peer mentor: books from an empty time on their week, using a suggested free time", async () => {
      await me.getByRole("button", { name: "Next week" }).click();
      await me.getByText("Week of 23 to 29 November 2026").waitFor();
      await me.getByRole("button", { name: "Book at 11:00, Thu 26 Nov (free time)" }).click();
      const form = me.locator("section.book");
      await form.waitFor();
      check((await focused(me)).startsWith("select#cal-book-client_id"), `focus on ${await focused(me)}`);
      const offered = await form.getByLabel("Who is it for?").locator("option").allInnerTexts();
      check(JSON.stringify(offered) === JSON.stringify(["Choose…", "Lan Nguyễn Thị", "Siobhán O'Brien"]), `offered: ${JSON.stringify(offered)}`);
      await form.getByLabel("Who is it for?").selectOption("c-siobhan");
      await form.getByLabel("Kind of appointment").selectOption("dental");
      await form.getByLabel("How long").selectOption("90");
      await form.getByRole("button", { name: "Suggest times" }).click();
      const first = form.getByRole("button", { name: "Tue 24 Nov, 10:00 (free until 16:00, Leeds)" });
      await first.waitFor();
      const fs = await lastCall(me, "free_slots");
      check(JSON.stringify(fs) === JSON.stringify({ mentor_id: "m-dee", client_id: "c-siobhan", minutes: 90 }), JSON.stringify(fs));
      await axe(me, "suggested free times");
      await form.scrollIntoViewIfNeeded();
      await shot(me, "my-week-suggest", { fullPage: false });
      await first.click();
      await announcedOn(me, "Filled in: Tue 24 November 2026 at 10:00 to 11:30.");
      const [d, t, e] = await Promise.all(["#cal-book-date-day", "#cal-book-start_time", "#cal-book-ends_at"].map((s) => me.locator(s).inputValue()));
      check(d === "24" && t === "10:00" && e === "11:30", `the suggestion was not filled in: ${d} ${t} ${e}`);
      await form.getByRole("button", { name: "Book appointment" }).click();
      await form.waitFor({ state: "detached" });
      const b = (await lastCall(me, "book_appointment")).booking;
      check(
        b.client_id === "c-siobhan" && b.starts_at === "2026-11-24T10:00:00Z" && b.ends_at === "2026-11-24T11:30:00Z" && b.planned_mentor_id === "m-dee",
        JSON.stringify(b),
      );
      await me.getByRole("button", { name: /^Tue 24 Nov, 10:00 to 11:30: Siobhán O'Brien/ }).waitFor();
      const card = me.locator("section.person", { has: me.getByRole("heading", { name: /Siobhán O'Brien/ }) });
      await card.getByText("Tue 24 November 2026 at 10:00").waitFor();
    });
    await me.close();
    const pp = await newPage(context, { has_database: true, unlocked: true }, errors);
    await step("calendar: a person's own week, opened from their record", async () => {
      await pp.goto(`${origin}/`);
      await pp.getByRole("heading", { level: 1, name: "Today" }).waitFor();
      await pp.getByRole("link", { name: "Clients" }).click();
      await pp.locator("#client-search").fill("precious");
      await pp.getByRole("link", { name: /^Precious/ }).first().click();
      await pp.getByRole("button", { name: "See their week" }).click();
      await pp.getByRole("heading", { level: 1, name: "Calendar" }).waitFor();
      const asked = await lastCall(pp, "week");
      check(asked.of.of === "client" && asked.of.client_id === "c-precious", JSON.stringify(asked));
      check((await pp.locator("#calendar-whose").inputValue()) === "client:c-precious", "the person is not chosen");
      await pp.getByRole("heading", { level: 2, name: /^Precious.*'s appointments$/ }).waitFor();
      check(!(await pp.getByRole("button", { name: "Export calendar file" }).count()), "a person's week offers a calendar file");
      await axe(pp, "a person's week");
    });
    await pp.close();
    // ---- end of calendar steps ----
    // ---- availability and attention steps ----
    const av = await newPage(context, { has_database: true, unlocked: true }, errors);
    av.on("dialog", async (d) => {
      dialogs.push(d.message());
      await (dialogAnswer === "accept" ? d.accept() : d.dismiss());
    });
    const availability = (p) => p.locator("section[aria-labelledby=availability-h]");
    await step("availability: a manager sees when Dee is free on her profile, in words; axe in light and dark", async () => {
      await av.goto(`${origin}/`);
      await av.getByRole("heading", { level: 1, name: "Today" }).waitFor();
      await av.locator("#nav-mentors").click();
      await av.getByRole("link", { name: "Dee Campbell" }).click();
      await av.getByRole("heading", { level: 1, name: "Dee Campbell" }).waitFor();
      const text = await availability(av).innerText();
      for (const words of ["Usually free", "Tuesdays and Thursdays 10:00 to 16:00 (Leeds)", "Days away", "None coming up", "Leeds and Bradford, by bus"])
        check(text.includes(words), `the availability lacks "${words}": ${text}`);
      check((await av.locator("section[aria-labelledby=mentor-details-h]").innerText()).includes("Notes about availability"), "the old field is not called notes");
      await axe(av, "mentor profile with availability");
      await availability(av).scrollIntoViewIfNeeded();
      await shot(av, "mentor-availability");
    });
    await step("availability: a manager adds a Tuesday time; an overlapping one is refused beside its row with focus there; then saved", async () => {
      await av.getByRole("button", { name: "Change when Dee is free" }).click();
      await av.locator("#avail-form").waitFor();
      check((await focused(av)).startsWith("select#avail-weekly-0-day"), `focus on ${await focused(av)}`);
      const tuesday = async (i, from, until, area) => {
        await av.getByRole("button", { name: "Add a time" }).click();
        await av.locator(`#avail-weekly-${i}-day`).waitFor();
        check((await focused(av)).startsWith(`select#avail-weekly-${i}-day`), `focus after adding on ${await focused(av)}`);
        await av.locator(`#avail-weekly-${i}-day`).selectOption("tuesday");
        await av.locator(`#avail-weekly-${i}-from`).fill(from);
        await av.locator(`#avail-weekly-${i}-until`).fill(until);
        if (area) await av.locator(`#avail-weekly-${i}-area`).fill(area);
      };
      await tuesday(2, "17:00", "19:00", "Bradford");
      await tuesday(3, "18:00", "20:00", null);
      const before = (await calls(av)).filter((c) => c.cmd === "set_availability").length;
      await av.getByRole("button", { name: "Save", exact: true }).click();
      await av.locator("#avail-weekly-3-error").waitFor();
      check(
        (await av.locator("#avail-weekly-3-error").innerText()).includes("Tuesday 18:00 to 20:00 overlaps Tuesday 17:00 to 19:00"),
        `the overlap message: ${await av.locator("#avail-weekly-3-error").innerText()}`,
      );
      check((await focused(av)).startsWith("select#avail-weekly-3-day"), `focus after the refusal on ${await focused(av)}`);
      check(await av.getByRole("alert").filter({ hasText: "overlaps Tuesday 17:00" }).isVisible(), "no alert with the message");
      check(!(await av.locator("#avail-weekly-2-error").count()), "the message is beside the wrong row");
      await axe(av, "availability with an overlap");
      await av.locator("#avail-weekly-3").scrollIntoViewIfNeeded();
      await shot(av, "mentor-availability-error", { fullPage: false });
      // An extra time that ends before it starts is refused beside its end (exceptions come after days away).
      await av.locator("#avail-weekly-3-from").fill("19:00");
      await av.locator("#avail-weekly-3-until").fill("21:00");
      await av.getByRole("button", { name: "Add days away" }).click();
      await av.locator("#avail-away-0-first-day").fill("21");
      await av.locator("#avail-away-0-first-month").fill("12");
      await av.locator("#avail-away-0-first-year").fill("2026");
      await av.locator("#avail-away-0-last-day").fill("31");
      await av.locator("#avail-away-0-last-month").fill("12");
      await av.locator("#avail-away-0-last-year").fill("2026");
      await av.getByRole("button", { name: "Add an extra time" }).click();
      check((await focused(av)).startsWith("input#avail-extra-0-on-day"), `focus after adding an extra time on ${await focused(av)}`);
      await av.locator("#avail-extra-0-on-day").fill("28");
      await av.locator("#avail-extra-0-on-month").fill("11");
      await av.locator("#avail-extra-0-on-year").fill("2026");
      await av.locator("#avail-extra-0-from").fill("13:00");
      await av.locator("#avail-extra-0-until").fill("10:00");
      await av.getByRole("button", { name: "Save", exact: true }).click();
      await av.locator("#avail-extra-0-until-error").waitFor();
      check((await av.locator("#avail-extra-0-until-error").innerText()).includes("must be after the start time"), "end before start message");
      check((await focused(av)).startsWith("input#avail-extra-0-until"), `focus on ${await focused(av)}`);
      check(!(await av.locator("#avail-weekly-3-error").count()), "the old overlap message is still shown");
      // A time that is not one is refused before asking the app.
      await av.locator("#avail-extra-0-until").fill("3pm");
      const asked = (await calls(av)).filter((c) => c.cmd === "set_availability").length;
      await av.getByRole("button", { name: "Save", exact: true }).click();
      await av.locator("#avail-extra-0-until-error").getByText("24-hour clock").waitFor();
      check((await calls(av)).filter((c) => c.cmd === "set_availability").length === asked, "a time that is not one was sent");
      await av.locator("#avail-extra-0-until").fill("15:00");
      await axe(av, "availability editor");
      await shot(av, "mentor-availability-edit");
      await av.getByRole("button", { name: "Save", exact: true }).click();
      await av.locator("#avail-form").waitFor({ state: "detached" });
      const sent = (await calls(av)).filter((c) => c.cmd === "set_availability");
      check(sent.length === before + 3, `set_availability was called ${sent.length - before} times`);
      const args = sent.at(-1).args.args;
      check(args.mentor_id === "m-dee", `mentor ${args.mentor_id}`);
      check(
        JSON.stringify(args.availability) ===
          JSON.stringify({
            weekly: [
              { day: "tuesday", from: "10:00", until: "16:00", area: "Leeds" },
              { day: "thursday", from: "10:00", until: "16:00", area: "Leeds" },
              { day: "tuesday", from: "17:00", until: "19:00", area: "Bradford" },
              { day: "tuesday", from: "19:00", until: "21:00", area: null },
            ],
            exceptions: [
              { kind: "away", first_day: "2026-12-21", last_day: "2026-12-31" },
              { kind: "extra", on: "2026-11-28", from: "13:00", until: "15:00", area: null },
            ],
            travel_area: "Leeds and Bradford, by bus",
          }),
        `set_availability sent ${JSON.stringify(args.availability)}`,
      );
      // The profile shows what was saved once it has read it back.
      await availability(av).getByText("Tuesdays 17:00 to 19:00 (Bradford)").waitFor({ timeout: 5000 }).catch(() => {});
      const text = await availability(av).innerText();
      for (const words of [
        "Tuesdays and Thursdays 10:00 to 16:00 (Leeds)",
        "Tuesdays 17:00 to 19:00 (Bradford)",
        "Tuesdays 19:00 to 21:00",
        "Mon 21 December 2026 to Thu 31 December 2026",
        "Sat 28 November 2026, 13:00 to 15:00",
      ])
        check(text.includes(words), `after saving the availability lacks "${words}": ${text}`);
      check((await focused(av)).startsWith("button#avail-change"), `focus after saving on ${await focused(av)}`);
      await announcedOn(av, "Saved when Dee is free.");
      const directory = await av.evaluate(() => window.__TAURI_INTERNALS__.invoke("mentor_directory", {}));
      const dee = directory.find((r) => r.mentor.id === "m-dee").mentor;
      check(dee.weekly_availability.length === 4 && dee.availability_exceptions.length === 2, "the directory does not show the change");
      await axe(av, "mentor profile after saving availability");
      await availability(av).scrollIntoViewIfNeeded();
      await shot(av, "mentor-availability-saved", { fullPage: false });
    });
    await step("availability: leaving with unsaved changes asks first; Cancel asks too, then puts things back", async () => {
      await av.getByRole("button", { name: "Change when Dee is free" }).click();
      // Saved in week order: Tuesday's three times, then Thursday's.
      await av.getByRole("button", { name: "Remove time 2: Tuesday 17:00 to 19:00" }).click();
      check((await av.locator("#avail-weekly-1-from").inputValue()) === "19:00", "the wrong row was removed");
      check((await focused(av)).startsWith("button#avail-weekly-1-remove"), `focus after removing on ${await focused(av)}`);
      const asked = dialogs.length;
      await av.locator("#nav-mentors").click();
      check(dialogs.length === asked + 1 && dialogs.at(-1).includes("not saved"), `no question before leaving: ${dialogs.at(-1)}`);
      check(await av.locator("#avail-form").isVisible(), "the form closed although the person chose to stay");
      dialogAnswer = "accept";
      try {
        await av.getByRole("button", { name: "Cancel", exact: true }).click();
        await av.locator("#avail-form").waitFor({ state: "detached" });
      } finally {
        dialogAnswer = "dismiss";
      }
      check(dialogs.length === asked + 2, "Cancel did not ask first");
      check((await availability(av).innerText()).includes("Tuesdays 17:00 to 19:00 (Bradford)"), "Cancel did not put the time back");
    });
    await av.close();

    const at = await newPage(context, { has_database: true, unlocked: true, tomorrow: true }, errors);
    const attentionCard = (p) => p.locator("section[aria-labelledby=attention-h]");
    await step("today: Needs attention lists tomorrow's and nobody going (outcomes stay in Today's own card); names open records; axe", async () => {
      await at.goto(`${origin}/`);
      await at.getByRole("heading", { level: 1, name: "Today" }).waitFor();
      const card = attentionCard(at);
      await card.getByText("Tomorrow (2)").waitFor();
      const group = (id) => card.locator(`section[aria-labelledby=${id}]`).innerText();
      const tomorrow = squash(await group("attention-tomorrow-h"));
      for (const words of [
        "Tomorrow (2) Sat 21 November 2026.",
        "10:30 Lan Nguyễn Thị GP Hillside Surgery, 2 Hill Road Dee Campbell is going with them",
        "14:00 Kwame Mensah Dental Smile Dental Ben Carter is going with them",
      ])
        check(tomorrow.includes(words), `tomorrow lacks "${words}": ${tomorrow}`);
      const nobody = squash(await group("attention-nobody-h"));
      for (const words of [
        "Nobody is going with them (4)",
        "15:00 Fri 20 Nov Jade Thompson Sexual health Umbrella Clinic ⚠A peer mentor is needed: nobody named yet",
        "09:15 Mon 23 Nov Zainab Hussain Dental Smile Dental ⚠Nobody is planned to go with them",
        "Chidi Okafor",
      ])
        check(nobody.includes(words), `nobody going lacks "${words}": ${nobody}`);
      // Today lists the outcomes still to record in its own card, with a way to record them: not twice.
      check(!(await card.locator("section[aria-labelledby=attention-outcome-h]").count()), "outcomes are listed twice on Today");
      check(
        (await card.getByRole("link", { name: "Lan Nguyễn Thị" }).getAttribute("href")) === "#/clients/c-lan",
        "Lan's name does not link to her record",
      );
      // Just after the first 14 days, before the columns.
      const order = await at.evaluate(() => [...document.querySelectorAll("main section[aria-labelledby]")].map((s) => s.getAttribute("aria-labelledby")));
      check(order.indexOf("attention-h") === order.indexOf("first-days-h") + 1, `card order: ${order.join(", ")}`);
      await axe(at, "today with needs attention");
      await card.scrollIntoViewIfNeeded();
      await shot(at, "today-attention", { fullPage: false });
      await at.emulateMedia({ colorScheme: "dark" });
      await shot(at, "today-attention-dark", { fullPage: false });
      await at.emulateMedia({ colorScheme: "light" });
    });
    await step("today: a name in Needs attention opens the record", async () => {
      await attentionCard(at).getByRole("link", { name: "Lan Nguyễn Thị" }).click();
      await at.getByRole("heading", { level: 1, name: /Lan Nguyễn Thị/ }).waitFor();
    });
    await at.close();

    const cwa = await newPage(context, { has_database: true, unlocked: true, role: "caseworker" }, errors);
    await step("caseworker: Dee's availability is read-only, in words; the app refuses a change; their own Needs attention", async () => {
      await cwa.goto(`${origin}/`);
      await cwa.getByRole("heading", { level: 1, name: "Today" }).waitFor();
      const card = attentionCard(cwa);
      await card.getByText("Nobody is going with them (1)").waitFor();
      const text = squash(await card.innerText());
      check(text.includes("Chidi Okafor") && !text.includes("Jade Thompson"), `a caseworker sees others' appointments: ${text}`);
      check(text.includes("Nobody is going with anyone to an appointment tomorrow."), `tomorrow: ${text}`);
      await axe(cwa, "caseworker's today with needs attention");
      await cwa.locator("#nav-mentors").click();
      await cwa.getByRole("link", { name: "Dee Campbell" }).click();
      await cwa.getByRole("heading", { level: 1, name: "Dee Campbell" }).waitFor();
      const summary = await availability(cwa).innerText();
      check(summary.includes("Tuesdays and Thursdays 10:00 to 16:00 (Leeds)"), `summary: ${summary}`);
      check(summary.includes("Only a manager or Dee can change this."), `no word on who may change it: ${summary}`);
      check(!(await cwa.locator("#avail-change").count()), "a caseworker is offered the editor");
      const refused = await cwa.evaluate(() =>
        window.__TAURI_INTERNALS__
          .invoke("set_availability", { args: { mentor_id: "m-dee", availability: { weekly: [], exceptions: [], travel_area: null } } })
          .then(() => "saved", (e) => `${e.kind}: ${e.message}`),
      );
      check(refused === "forbidden: You do not have permission to change when a peer mentor is free.", refused);
      await axe(cwa, "caseworker's view of a mentor's availability");
      await availability(cwa).scrollIntoViewIfNeeded();
      await shot(cwa, "mentor-availability-caseworker", { fullPage: false });
    });
    await cwa.close();

    const mfree = await newPage(context, { has_database: true, unlocked: true, role: "peer_mentor" }, errors);
    await step("peer mentor: When I'm free from the menu; they add days away to their own times and save", async () => {
      await mfree.goto(`${origin}/`);
      // Whatever a peer mentor starts on, the menu leads to When I'm free.
      await mfree.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "When I'm free" }).click();
      await mfree.getByRole("heading", { level: 1, name: "When I'm free" }).waitFor();
      await mfree.waitForFunction(() => document.activeElement?.tagName === "H1");
      const card = mfree.locator("section[aria-labelledby=my-availability-h]");
      await card.getByText("Tuesdays and Thursdays 10:00 to 16:00 (Leeds)").waitFor();
      check((await card.innerText()).includes("Notes about availability: Weekday mornings"), "the notes are not shown");
      await axe(mfree, "when I'm free");
      await shot(mfree, "my-availability");
      await card.getByRole("button", { name: "Change when I'm free" }).click();
      await mfree.getByRole("button", { name: "Add days away" }).click();
      await mfree.locator("#avail-away-0-first-day").fill("24");
      await mfree.locator("#avail-away-0-first-month").fill("12");
      await mfree.locator("#avail-away-0-first-year").fill("2026");
      await mfree.locator("#avail-travel").fill("Leeds only, by bus");
      await axe(mfree, "when I'm free, editing");
      await shot(mfree, "my-availability-edit");
      await mfree.getByRole("button", { name: "Save", exact: true }).click();
      await card.getByText("Thu 24 December 2026").waitFor();
      const args = (await calls(mfree)).filter((c) => c.cmd === "set_availability").at(-1).args.args;
      check(
        args.mentor_id === "m-dee" &&
          JSON.stringify(args.availability.exceptions) === JSON.stringify([{ kind: "away", first_day: "2026-12-24", last_day: "2026-12-24" }]) &&
          args.availability.travel_area === "Leeds only, by bus" &&
          args.availability.weekly.length === 2,
        `set_availability sent ${JSON.stringify(args)}`,
      );
      check((await card.innerText()).includes("Leeds only, by bus"), "the new travel area is not shown");
    });
    await mfree.close();
    // ---- end of availability and attention steps ----

    await step("lock: the Lock button returns to the unlock screen and nothing of the records stays", async () => {
      await page.getByRole("button", { name: "Lock", exact: true }).click();
      await page.getByRole("heading", { level: 1, name: "Unlock Throughcare" }).waitFor();
      check(!(await page.getByRole("navigation", { name: "Main" }).count()), "navigation still shown when locked");
      await page.locator("#locked-note").waitFor();
      const left = await page.evaluate(() => ({
        text: document.documentElement.innerHTML,
        stored: localStorage.length + sessionStorage.length,
      }));
      for (const name of ["Siobhán", "O'Brien", "Nowak", "Al-Farsi"]) {
        check(!left.text.includes(name), `'${name}' is still in the page after locking`);
      }
      check(left.stored === 0, "something is kept in web storage after locking");
      await axe(page, "locked");
    });

    await step("no request left this machine; no script errors", async () => {
      check(offsite.length === 0, `requests to other hosts: ${offsite.join(", ")}`);
      check(errors.length === 0, errors.join("\n"));
    });
  } finally {
    await context.close();
    server.close();
    await rm(profile, { recursive: true, force: true });
  }

  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  console.log(`\nScreenshots in ${shotsDir}`);
  console.log(`browser: ${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

main().catch((e) => {
  console.error(`The browser test could not run (${current}):`, e);
  process.exit(1);
});
