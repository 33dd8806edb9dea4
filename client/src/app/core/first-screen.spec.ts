import { TestBed } from '@angular/core/testing';
import { NavigationEnd, NavigationStart, Router, type Event } from '@angular/router';
import { Subject } from 'rxjs';
import { FIRST_SCREEN_MAX_WAIT_MS, FirstScreen } from './first-screen';

describe('FirstScreen', () => {
  let events: Subject<Event>;

  beforeEach(() => {
    jest.useFakeTimers();
    events = new Subject<Event>();
    TestBed.configureTestingModule({ providers: [{ provide: Router, useValue: { events } }] });
  });

  afterEach(() => jest.useRealTimers());

  const navigate = () => {
    events.next(new NavigationStart(1, '/'));
    events.next(new NavigationEnd(1, '/', '/'));
  };

  it('is drawn when the first navigation ends and no page holds it', () => {
    const first = TestBed.inject(FirstScreen);
    const then = jest.fn();
    first.whenDrawn(then);
    events.next(new NavigationStart(1, '/'));
    expect(then).not.toHaveBeenCalled();
    events.next(new NavigationEnd(1, '/', '/'));
    expect(then).toHaveBeenCalledTimes(1);
    expect(first.drawn).toBe(true);
  });

  it('waits for the page that holds it, however long the navigation took', () => {
    const first = TestBed.inject(FirstScreen);
    const then = jest.fn();
    first.whenDrawn(then);
    // The page is created while the router activates it, before the navigation ends.
    const release = first.hold();
    navigate();
    expect(then).not.toHaveBeenCalled();
    release();
    expect(then).toHaveBeenCalledTimes(1);
    release();
    expect(then).toHaveBeenCalledTimes(1);
  });

  it('runs at once what is asked after the first screen, and later holds hold nothing', () => {
    const first = TestBed.inject(FirstScreen);
    navigate();
    const late = first.hold();
    const then = jest.fn();
    first.whenDrawn(then);
    expect(then).toHaveBeenCalledTimes(1);
    late();
  });

  it('gives up waiting after a while: a page that never says it is drawn blocks nothing for long', () => {
    const first = TestBed.inject(FirstScreen);
    const then = jest.fn();
    first.whenDrawn(then);
    first.hold();
    navigate();
    jest.advanceTimersByTime(FIRST_SCREEN_MAX_WAIT_MS - 1);
    expect(then).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(then).toHaveBeenCalledTimes(1);
  });
});
