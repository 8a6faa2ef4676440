import { FollowState } from './follow-state';

describe('follow', () => {
  test('scrolling up counts new rows; back at the bottom, or a jump, follows again', () => {
    const follow = new FollowState();
    follow.appended(5);
    expect([follow.following, follow.label()]).toEqual([true, '']);
    follow.scrolled(false);
    follow.appended(1);
    expect(follow.label()).toBe('1 new line ↓');
    follow.appended(1233);
    expect(follow.label()).toBe('1,234 new lines ↓');
    follow.scrolled(true);
    expect([follow.following, follow.unseen]).toEqual([true, 0]);
  });

  test('pause holds rows back whatever the scroll position, until resumed', () => {
    const follow = new FollowState();
    follow.pause();
    follow.appended(3);
    follow.scrolled(true);
    expect([follow.paused, follow.label()]).toEqual([true, '3 new lines ↓']);
    follow.jumpToEnd();
    expect([follow.paused, follow.following, follow.unseen]).toEqual([false, true, 0]);
  });
});
