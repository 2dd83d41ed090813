import { describe, expect, it } from 'vitest';
import { classifySmsReply, normaliseReply } from './sms-keywords.js';

describe('classifySmsReply', () => {
  it.each([
    'STOP',
    'stop',
    '  Stop  ',
    'STOP.',
    'Stop!',
    'STOPALL',
    'stop all',
    'UNSUBSCRIBE',
    'Cancel',
    'end',
    'QUIT',
    'revoke',
    'OPTOUT',
    'opt-out',
    'Opt out',
    'remove',
    'arret',
    'Stop texting me',
    'STOP please',
  ])('takes %j as an opt-out', (body) => {
    expect(classifySmsReply(body)).toEqual({ kind: 'opt-out', locale: 'en-US' });
  });

  it.each([
    '退订',
    ' 退订 ',
    '退订。',
    'TD',
    'td',
    'ＴＤ',
    'T',
    'R',
    '我要退订',
    '退訂',
    '取消订阅',
    '拒收',
  ])('takes the Chinese opt-out %j, and answers in Chinese', (body) => {
    expect(classifySmsReply(body)).toEqual({ kind: 'opt-out', locale: 'zh-CN' });
  });

  it.each(['START', 'start', 'Unstop', 'YES', 'yes!'])('takes %j as an opt-in', (body) => {
    expect(classifySmsReply(body).kind).toBe('opt-in');
  });

  it.each([
    ['HELP', 'en-US'],
    ['info', 'en-US'],
    ['帮助', 'zh-CN'],
  ] as const)('takes %j as a request for help', (body, locale) => {
    expect(classifySmsReply(body)).toEqual({ kind: 'help', locale });
  });

  it.each([
    '',
    'Thanks, I paid yesterday',
    'cancel my payment please', // CANCEL only counts on its own
    'the end',
    'stopping by the branch later', // not the word STOP
    'TDD',
    '好的',
    `STOP ${'x'.repeat(60)}`, // a long message is conversation, not a keyword
  ])('leaves %j alone', (body) => {
    expect(classifySmsReply(body).kind).toBe('other');
  });
});

describe('normaliseReply', () => {
  it('folds full-width letters, case and punctuation', () => {
    expect(normaliseReply('  ＳＴＯＰ！ ')).toBe('STOP');
    expect(normaliseReply('Opt-Out')).toBe('OPTOUT');
    expect(normaliseReply('stop,   all')).toBe('STOP ALL');
  });
});
