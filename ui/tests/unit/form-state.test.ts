import { beforeEach, describe, expect, it, vi } from "vitest";
import { FormState } from "../../src/lib/form-state.svelte";

// Which box was given focus; the forms' boxes are looked up by id.
let focused: string[] = [];
beforeEach(() => {
  focused = [];
  vi.stubGlobal("document", {
    getElementById: (id: string) => ({ querySelector: () => ({ focus: () => focused.push(id) }) }),
  });
  vi.stubGlobal("HTMLInputElement", class {});
  vi.stubGlobal("HTMLSelectElement", class {});
  vi.stubGlobal("HTMLTextAreaElement", class {});
});

const form = () => new FormState({ minutes: "contact-minutes", on: "contact-on-day" });
const event = () => ({ preventDefault: vi.fn() }) as unknown as Event;

describe("submitting a form", () => {
  it("shows problems found first beside their fields, focuses the first, and does not ask the app", async () => {
    const f = form();
    const run = vi.fn(async () => "saved");
    const e = event();
    const result = await f.submit(e, { on: "Enter the date.", minutes: "Enter the minutes." }, run);
    expect(result).toBeNull();
    expect(run).not.toHaveBeenCalled();
    expect(e.preventDefault).toHaveBeenCalled();
    expect(focused).toEqual(["contact-on-day"]);
    expect(f.problems).toEqual([
      { field: "contact-on-day", message: "Enter the date." },
      { field: "contact-minutes", message: "Enter the minutes." },
    ]);
  });

  it("is busy while saving and gives back what the app returned", async () => {
    const f = form();
    let busy = false;
    const result = await f.submit(event(), {}, async () => {
      busy = f.saving;
      return 42;
    });
    expect(busy).toBe(true);
    expect(f.saving).toBe(false);
    expect(result).toEqual({ value: 42 });
    expect(f.problems).toEqual([]);
  });

  it("puts the app's message beside the field it names, and clears old messages on the next try", async () => {
    const f = form();
    const refused = { kind: "validation", field: "contact.minutes", message: "At most 1440 minutes." };
    expect(await f.submit(event(), {}, () => Promise.reject(refused))).toBeNull();
    expect(f.errors).toEqual({ minutes: "At most 1440 minutes." });
    expect(focused).toEqual(["contact-minutes"]);
    await f.submit(event(), {}, async () => null);
    expect(f.errors).toEqual({});
  });

  it("shows a message that names no field at the top of the form", async () => {
    const f = form();
    await f.submit(event(), {}, () => Promise.reject({ kind: "internal", field: null, message: "Try again." }));
    expect(f.problems).toEqual([{ field: null, message: "Try again." }]);
    expect(f.saving).toBe(false);
  });
});
