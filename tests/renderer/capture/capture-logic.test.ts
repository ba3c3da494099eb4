import { describe, expect, it } from 'vitest';
import { FramePacer } from '../../../renderer/capture/frame-pacer';
import { SilenceAlarm } from '../../../renderer/capture/silence-alarm';
import { PausableClock } from '../../../renderer/recording/pausable-clock';

describe('silent-microphone alarm', () => {
  it('raises after 10 s without signal while recording, and clears at once when sound returns', () => {
    const alarm = new SilenceAlarm(10_000);
    alarm.arm(0);
    expect(alarm.update(0, 5_000)).toBeUndefined();
    expect(alarm.update(0, 9_999)).toBeUndefined();
    expect(alarm.update(0, 10_000)).toBe('silent');
    expect(alarm.current).toBe('silent');
    expect(alarm.update(0, 12_000)).toBeUndefined(); // said once, not repeated
    expect(alarm.update(0.5, 12_100)).toBe('ok');
    expect(alarm.update(0.5, 12_200)).toBeUndefined();
  });

  it('counts the 10 s from the last sound, not from the start', () => {
    const alarm = new SilenceAlarm(10_000);
    alarm.arm(0);
    alarm.update(0, 8_000);
    alarm.update(0.3, 9_000);
    expect(alarm.update(0, 18_500)).toBeUndefined();
    expect(alarm.update(0, 19_000)).toBe('silent');
  });

  it('treats a faint hiss below the threshold as silence and speech above it as sound', () => {
    const alarm = new SilenceAlarm(10_000, 0.02);
    alarm.arm(0);
    expect(alarm.update(0.01, 10_000)).toBe('silent');
    expect(alarm.update(0.1, 10_100)).toBe('ok');
  });

  it('says nothing when not recording, and pausing clears a raised alarm', () => {
    const alarm = new SilenceAlarm(10_000);
    expect(alarm.update(0, 60_000)).toBeUndefined();
    alarm.arm(60_000);
    expect(alarm.update(0, 70_000)).toBe('silent');
    expect(alarm.disarm()).toBe('ok');
    expect(alarm.update(0, 200_000)).toBeUndefined();
    // Re-armed on resume: silence is counted afresh.
    alarm.arm(200_000);
    expect(alarm.update(0, 205_000)).toBeUndefined();
    expect(alarm.update(0, 210_000)).toBe('silent');
  });

  it('counts for the receipt how long the microphone was silent: whole stretches that raised the alarm, none of the short ones, none while paused', () => {
    const alarm = new SilenceAlarm(10_000);
    alarm.arm(0);
    alarm.update(0.5, 1000);
    alarm.update(0, 5000);
    alarm.update(0.5, 8000); // 7 s of quiet: a pause for breath, not counted
    expect(alarm.silentMs(8000)).toBe(0);
    alarm.update(0, 20_000);
    expect(alarm.silentMs(20_000)).toBe(12_000); // the stretch going on, from the last sound at 8 s
    alarm.update(0.5, 30_000);
    expect(alarm.silentMs(30_000)).toBe(22_000);
    alarm.update(0, 45_000);
    alarm.disarm(60_000); // paused after 30 s of quiet: counted up to the pause, not beyond
    expect(alarm.silentMs(100_000)).toBe(52_000);
    alarm.reset();
    expect(alarm.silentMs(100_000)).toBe(0);
  });
});

describe('frame pacer under load', () => {
  it('60 source frames a second (screen + camera at 30) give 30 output frames a second with the worker tick', () => {
    const pacer = new FramePacer(1000 / 30, 100);
    const events: Array<{ at: number; tick: boolean }> = [];
    for (let i = 0; i < 300; i++) events.push({ at: i * (1000 / 30), tick: false }, { at: i * (1000 / 30) + 11, tick: false });
    for (let at = 5; at < 10_000; at += 1000 / 30) events.push({ at, tick: true });
    events.sort((a, b) => a.at - b.at);
    let painted = 0;
    for (const { at, tick } of events) if (tick ? pacer.onTick(at) : pacer.onSourceFrame(at)) painted++;
    expect(painted / 10).toBeGreaterThan(28);
    expect(painted / 10).toBeLessThanOrEqual(31);
  });
});

describe('recording clock', () => {
  it('excludes paused time and starts from time already recorded', () => {
    let now = 1_000;
    const clock = new PausableClock(() => now, 5_000);
    now += 2_000;
    expect(clock.elapsedMs).toBe(7_000);
    clock.pause();
    now += 10_000;
    expect(clock.elapsedMs).toBe(7_000);
    clock.pause(); // twice is once
    clock.resume();
    now += 1_000;
    expect(clock.elapsedMs).toBe(8_000);
    expect(clock.paused).toBe(false);
  });
});
