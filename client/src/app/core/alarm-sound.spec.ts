import { TestBed } from '@angular/core/testing';
import { AlarmSound } from './alarm-sound';

/** A WebAudio stand-in that records the tones started. */
function fakeAudio() {
  const tones: number[] = [];
  class FakeContext {
    state = 'running';
    currentTime = 0;
    destination = {};
    createOscillator() {
      const osc = {
        type: '',
        frequency: { value: 0 },
        connect: (node: unknown) => node,
        start: () => tones.push(osc.frequency.value),
        stop: () => undefined,
      };
      return osc;
    }
    createGain() {
      return {
        gain: { setValueAtTime: () => undefined, linearRampToValueAtTime: () => undefined },
        connect: (node: unknown) => node,
      };
    }
    resume() {
      return Promise.resolve();
    }
  }
  return { tones, FakeContext };
}

describe('AlarmSound', () => {
  let audio: ReturnType<typeof fakeAudio>;

  beforeEach(() => {
    localStorage.clear();
    audio = fakeAudio();
    (window as unknown as { AudioContext: unknown }).AudioContext = audio.FakeContext;
  });

  afterEach(() => {
    delete (window as unknown as { AudioContext?: unknown }).AudioContext;
  });

  it('is off by default and stays silent', () => {
    const sound = TestBed.inject(AlarmSound);
    expect(sound.enabled()).toBe(false);
    sound.beep();
    expect(audio.tones).toEqual([]);
  });

  it('plays a sample when turned on, beeps after, and remembers the choice', () => {
    const sound = TestBed.inject(AlarmSound);
    sound.toggle();
    expect(audio.tones).toEqual([880, 660]);
    sound.beep();
    expect(audio.tones).toHaveLength(4);
    expect(localStorage.getItem('plantar.alarmSound')).toBe('true');
    TestBed.resetTestingModule();
    expect(TestBed.inject(AlarmSound).enabled()).toBe(true);
  });

  it('turned off again, it is silent and remembered off', () => {
    const sound = TestBed.inject(AlarmSound);
    sound.toggle();
    sound.toggle();
    sound.beep();
    expect(audio.tones).toHaveLength(2); // only the sample when it was turned on
    expect(localStorage.getItem('plantar.alarmSound')).toBe('false');
  });

  it('does without audio where the browser has none', () => {
    delete (window as unknown as { AudioContext?: unknown }).AudioContext;
    const sound = TestBed.inject(AlarmSound);
    expect(() => sound.toggle()).not.toThrow();
    expect(sound.enabled()).toBe(true);
  });
});
