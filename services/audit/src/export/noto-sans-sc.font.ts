/**
 * Noto Sans SC (Chinese and Latin in one face) from the `@expo-google-fonts/noto-sans-sc` npm
 * package, so that a PDF can be made offline. The files are about 10 MB each: read once per
 * process; pdfkit embeds only the glyphs a document uses.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const FONT_PACKAGE = '@expo-google-fonts/noto-sans-sc';

let fonts: { readonly regular: Buffer; readonly bold: Buffer } | undefined;

export function notoSansSc(): { readonly regular: Buffer; readonly bold: Buffer } {
  fonts ??= {
    regular: readFileSync(require.resolve(`${FONT_PACKAGE}/400Regular/NotoSansSC_400Regular.ttf`)),
    bold: readFileSync(require.resolve(`${FONT_PACKAGE}/700Bold/NotoSansSC_700Bold.ttf`)),
  };
  return fonts;
}
