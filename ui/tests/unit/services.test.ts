import { describe, expect, it } from "vitest";
import type { ServiceRow, ServiceType } from "../../src/lib/types";
import { closedWords, daysWords, filterServices, serviceCount, serviceForm, waitWords, waitingWords } from "../../src/lib/services";

function row(name: string, service_type: ServiceType, extra: Partial<ServiceRow> = {}): ServiceRow {
  return {
    service: {
      id: `s-${name}`,
      created_at: "2026-01-05T09:00:00Z",
      archived_at: null,
      name,
      service_type,
      address: null,
      phone: null,
      email: null,
      area: null,
      notes: null,
      referral_route: null,
      closed_on: null,
    },
    median_wait_days: null,
    waits_counted: 0,
    waiting_now: 0,
    ...extra,
  };
}

describe("the wait for a service, in words", () => {
  it("gives the median and how many referrals it is over", () => {
    expect(waitWords({ median_wait_days: 12, waits_counted: 5 })).toBe(
      "Median wait from referral to first appointment: 12 days (over 5 referrals in the last 12 months)",
    );
    expect(waitWords({ median_wait_days: 1, waits_counted: 1 })).toBe(
      "Median wait from referral to first appointment: 1 day (over 1 referral in the last 12 months)",
    );
  });
  it("keeps a half day from an even number of waits", () => {
    expect(daysWords(13.5)).toBe("13.5 days");
    expect(daysWords(0)).toBe("0 days");
  });
  it("says plainly when no wait is recorded", () => {
    expect(waitWords({ median_wait_days: null, waits_counted: 0 })).toBe("No waits recorded in the last 12 months");
  });
  it("counts who is waiting now", () => {
    expect(waitingWords(0)).toBe("Nobody waiting now");
    expect(waitingWords(3)).toBe("3 waiting now");
  });
});

describe("closed services and counts", () => {
  it("says since when a service is closed, or nothing while it is open", () => {
    expect(closedWords("2026-03-03")).toBe("Closed since 3 March 2026");
    expect(closedWords(null)).toBeNull();
  });
  it("counts services", () => {
    expect(serviceCount(1)).toBe("1 service");
    expect(serviceCount(8)).toBe("8 services");
  });
});

describe("finding a service", () => {
  const rows = [row("Change Grow Live", "drug_alcohol"), row("Hillside Surgery", "gp"), row("Riverside Medical Practice", "gp"), row("Clínica Ñ", "other")];
  it("filters by kind, keeping core's order", () => {
    expect(filterServices(rows, "gp", "").map((r) => r.service.name)).toEqual(["Hillside Surgery", "Riverside Medical Practice"]);
  });
  it("matches every word typed, in any case and without accents", () => {
    expect(filterServices(rows, "", "GROW change").map((r) => r.service.name)).toEqual(["Change Grow Live"]);
    expect(filterServices(rows, "", "clinica").map((r) => r.service.name)).toEqual(["Clínica Ñ"]);
    expect(filterServices(rows, "gp", "grow")).toEqual([]);
  });
  it("shows everything with no filter", () => {
    expect(filterServices(rows, "", "  ")).toHaveLength(4);
  });
});

describe("the service form's starting values", () => {
  it("is empty for a new service and holds the text of an existing one", () => {
    expect(serviceForm(null)).toEqual({ name: "", service_type: "", area: "", phone: "", email: "", address: "", referral_route: "", notes: "" });
    const s = row("Hillside Surgery", "gp").service;
    expect(serviceForm({ ...s, phone: "0121 496 0000" })).toMatchObject({ name: "Hillside Surgery", service_type: "gp", phone: "0121 496 0000", email: "" });
  });
});
