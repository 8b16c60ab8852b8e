import QRCode from "qrcode";

/**
 * A QR code of `url` as inline SVG, drawn here on the server: the printed sheet then needs no
 * script, no image request and no third-party QR service that would learn which campaign is
 * being printed (decision 070). Error correction M survives a creased or photocopied sheet;
 * the quiet zone is the four modules a reader needs.
 */
export async function qrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: "svg", errorCorrectionLevel: "M", margin: 4 });
}
