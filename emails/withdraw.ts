import type { TFunction } from "i18next";
import { escapeHtml } from "./layout";

/** Every mail to a signer ends with a way to withdraw their signature (docs/signer-safety.md, "Withdraw at any time"). */
export function withdrawText(t: TFunction, url: string): string {
  return `${t("withdraw.line")}\n${url}`;
}

export function withdrawHtml(t: TFunction, url: string): string {
  return `<p style="font-size:13px;color:#555">${escapeHtml(t("withdraw.line"))}<br><a href="${escapeHtml(url)}">${escapeHtml(t("withdraw.link"))}</a></p>`;
}

/** In a neutral mail: no "signature", and the address written out, since it is the only label. */
export function neutralWithdrawHtml(t: TFunction, url: string): string {
  return `<p style="font-size:13px;color:#555">${escapeHtml(t("neutral.withdraw"))}<br><a href="${escapeHtml(url)}">${escapeHtml(url)}</a></p>`;
}
