// What the real-app scripts share: Xvfb, a private session bus, tauri-driver, and a WebDriver session
// on the built app with the few actions they use (find, click, type, read, screenshot). Used by
// app.mjs (the end-to-end test) and measure.mjs (start time and memory, measured from outside).
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

export const APP = process.env.APP;
const DRIVER = process.env.TAURI_DRIVER ?? "tauri-driver";
export const SHOTS = resolve(process.env.SCREENSHOTS ?? "target/screenshots");
if (!APP) throw new Error("APP must point at the built throughcare-app binary");
mkdirSync(SHOTS, { recursive: true });

export const port = 4444 + Math.floor(Math.random() * 500);
export const display = `:${90 + Math.floor(Math.random() * 9)}`;

const children = [];

// The last lines tauri-driver, WebKit and the app wrote to stderr, shown when a step fails: a panic or
// a crashed web page is otherwise invisible. The app writes no personal value to its log.
const stderrTail = [];
export function recentStderr() {
  return stderrTail.join("").split("\n").slice(-40).join("\n");
}

export function start(cmd, args, env) {
  const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "pipe"] });
  child.stderr.on("data", (d) => {
    stderrTail.push(d.toString());
    if (stderrTail.length > 200) stderrTail.splice(0, stderrTail.length - 200);
  });
  children.push(child);
  return child;
}

export function stopAll() {
  for (const c of children.reverse()) {
    try { c.kill("SIGTERM"); } catch { /* already gone */ }
  }
}

export async function http(method, path, body) {
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}${path}`, {
        method,
        headers: { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = await res.json();
      if (json.value && json.value.error) {
        const e = new Error(`${json.value.error}: ${json.value.message}`);
        e.webdriver = json.value.error;
        throw e;
      }
      return json.value;
    } catch (e) {
      // tauri-driver now and then drops a request: retry idempotent calls.
      if (e.webdriver || attempt >= 3) throw e;
      await sleep(300);
    }
  }
}

export let sid = null;
export const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

export async function newSession() {
  const v = await http("POST", "/session", {
    capabilities: { alwaysMatch: { browserName: "wry", "tauri:options": { application: APP } } },
  });
  sid = v.sessionId;
}

export async function endSession() {
  if (sid) await http("DELETE", `/session/${sid}`).catch(() => {});
  sid = null;
}

export const s = (p) => `/session/${sid}${p}`;

export async function waitFor(xpath, ms = 15000) {
  const until = Date.now() + ms;
  let refused = null;
  for (;;) {
    const found = await http("POST", s("/elements"), { using: "xpath", value: xpath }).then(
      (els) => {
        refused = null;
        return els;
      },
      (e) => {
        refused = e;
        return [];
      },
    );
    for (const el of found) {
      const shown = await http("GET", s(`/element/${el[ELEMENT]}/displayed`)).catch(() => false);
      if (shown) return el[ELEMENT];
    }
    if (Date.now() > until) {
      // Say whether the page was there and lacked it, or the window had stopped answering.
      const why = refused ? ` (the window did not answer: ${refused.message})` : "";
      throw new Error(`nothing visible matches ${xpath}${why}`);
    }
    await sleep(150);
  }
}

export const byId = (id) => `//*[@id='${id}']`;
export const button = (text) => `//button[normalize-space()='${text}']`;
export const heading = (text) => `//h1[contains(normalize-space(), ${JSON.stringify(text)})]`;

export async function click(xpath) {
  const el = await waitFor(xpath);
  // WebKitWebDriver refuses to click what is scrolled out of the window ("not interactable").
  await http("POST", s("/execute/sync"), {
    script: "arguments[0].scrollIntoView({ block: 'center' })",
    args: [{ [ELEMENT]: el }],
  }).catch(() => {});
  await http("POST", s(`/element/${el}/click`), {});
}

export async function type(xpath, text) {
  const el = await waitFor(xpath);
  await http("POST", s(`/element/${el}/clear`), {}).catch(() => {});
  await http("POST", s(`/element/${el}/value`), { text });
}

export async function choose(selectId, value) {
  await http("POST", s("/execute/sync"), {
    script: "const e = document.getElementById(arguments[0]); e.value = arguments[1]; e.dispatchEvent(new Event('change', { bubbles: true }));",
    args: [selectId, value],
  });
}

export async function text() {
  return http("POST", s("/execute/sync"), { script: "return document.body.innerText", args: [] });
}

export async function exec(script) {
  return http("POST", s("/execute/sync"), { script, args: [] });
}

export async function shot(name) {
  // A WebKit screenshot can be one paint behind the DOM: wait two frames first.
  await http("POST", s("/execute/async"), {
    script: "const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done()));",
    args: [],
  }).catch(() => {});
  const png = await http("GET", s("/screenshot"));
  writeFileSync(join(SHOTS, `app-${name}.png`), Buffer.from(png, "base64"));
}

let driver = null;

// A private session bus, so the app can hear "the screen locked" as on a desktop.
let busAddress = null;
export async function startBus() {
  const bus = spawn("dbus-daemon", ["--session", "--nofork", "--nopidfile", "--print-address=1"], {
    stdio: ["ignore", "pipe", "ignore"],
  });
  children.push(bus);
  busAddress = await new Promise((ok) => bus.stdout.once("data", (d) => ok(d.toString().trim())));
}

export function screenLocks() {
  return new Promise((ok, fail) => {
    const c = spawn(
      "dbus-send",
      ["--session", "--type=signal", "/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver.ActiveChanged", "boolean:true"],
      { env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: busAddress }, stdio: "ignore" },
    );
    c.on("exit", (code) => (code === 0 ? ok() : fail(new Error("dbus-send failed"))));
  });
}

export async function startDriver(dbPath, extraEnv = {}) {
  if (driver) {
    driver.kill("SIGTERM");
    await sleep(500);
  }
  const bus = busAddress ? { DBUS_SESSION_BUS_ADDRESS: busAddress } : {};
  driver = start(DRIVER, ["--port", String(port), "--native-port", String(port + 1000)], { DISPLAY: display, THROUGHCARE_DB: dbPath, ...bus, ...extraEnv });
  for (let i = 0; ; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/status`).then((r) => r.ok).catch(() => false);
    if (ok) break;
    if (i > 100) throw new Error("tauri-driver did not start");
    await sleep(100);
  }
}
