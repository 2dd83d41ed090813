/**
 * The pages a person sees when they open an unsubscribe link in a browser. They name no address
 * and no account (anyone holding the link sees them), and the confirmation is a POST: link
 * scanners and previews fetch with GET, and must not unsubscribe anyone.
 */
import type { Purpose } from '@kindly/contracts';

const WHAT: Record<Purpose, string> = {
  marketing: 'offers and news e-mails',
  servicing: 'e-mails about your account',
};
const WHAT_ZH: Record<Purpose, string> = {
  marketing: '优惠和资讯邮件',
  servicing: '账户相关邮件',
};

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${title}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;line-height:1.5}button{font-size:1rem;padding:.6rem 1.2rem}</style>
</head><body>${body}</body></html>
`;
}

/** Asks to confirm, with a form that POSTs the RFC 8058 body back to the same link. */
export function confirmPage(purpose: Purpose): string {
  return page(
    'Unsubscribe',
    `<h1>Unsubscribe · 退订</h1>
<p>Stop ${WHAT[purpose]} to this address?</p>
<p lang="zh-CN">不再向此邮箱发送${WHAT_ZH[purpose]}？</p>
<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">Unsubscribe · 确认退订</button></form>`,
  );
}

export function donePage(purpose: Purpose): string {
  return page(
    'Unsubscribed',
    `<h1>You are unsubscribed · 退订成功</h1>
<p>We will send no more ${WHAT[purpose]} to this address.</p>
<p lang="zh-CN">我们将不再向此邮箱发送${WHAT_ZH[purpose]}。</p>`,
  );
}

export function problemPage(title: string, text: string): string {
  return page(title, `<h1>${title}</h1><p>${text}</p>`);
}
