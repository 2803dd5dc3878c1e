import { VirtualClock } from "../../emulator/clock";
import { followRealTime } from "../../emulator/follow-real-time";

describe("followRealTime", () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it("advances virtual time by the real time that passed, tick by tick, until stopped", () => {
    const clock = new VirtualClock(1_000_000);
    let real = 50;
    const stop = followRealTime({
      advance: (ms) => clock.advance(ms),
      realNow: () => real,
      everyMs: 100,
    });
    real += 130;
    jest.advanceTimersByTime(100);
    expect(clock.now()).toBe(1_000_130);
    real += 2_000;
    jest.advanceTimersByTime(100);
    expect(clock.now()).toBe(1_002_130);
    stop();
    real += 5_000;
    jest.advanceTimersByTime(1_000);
    expect(clock.now()).toBe(1_002_130);
  });

  it("reports a tick that throws and keeps following", () => {
    let real = 0;
    const errors: unknown[] = [];
    let calls = 0;
    const stop = followRealTime({
      advance: () => {
        calls += 1;
        if (calls === 1) throw new Error("boom");
      },
      realNow: () => real,
      everyMs: 10,
      onError: (error) => errors.push(error),
    });
    real += 10;
    jest.advanceTimersByTime(10);
    real += 10;
    jest.advanceTimersByTime(10);
    stop();
    expect(calls).toBe(2);
    expect(errors).toEqual([new Error("boom")]);
  });
});
