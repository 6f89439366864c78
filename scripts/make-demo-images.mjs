#!/usr/bin/env node
// `node scripts/make-demo-images.mjs`: draws the demo catalogue's product pictures (prisma/demo-data.ts: tee-black,
// mug-white, cap-navy) plus a neutral placeholder as flat SVG illustrations and rasterises them with sharp into
// public/products/{handle}.webp (1200x1200, WebP q80, each under 60 kB). The WebP files are committed output: the app
// and its builds use them as plain static files, so nothing needs sharp or this script at run time; rerun it only to
// change the pictures.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import sharp from "sharp";

const SIZE = 1200;
const MAX_BYTES = 60 * 1024;
const outDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "public", "products");

// A soft studio backdrop: a radial wash from `light` (upper middle) to `dark` (corners) and a blurred floor shadow.
function svg(light, dark, body, { shadowY = 1000, shadowRx = 330, shadowOpacity = 0.18 } = {}) {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 ${SIZE} ${SIZE}">
  <defs>
    <radialGradient id="bg" cx="50%" cy="42%" r="75%">
      <stop offset="0" stop-color="${light}"/>
      <stop offset="1" stop-color="${dark}"/>
    </radialGradient>
    <radialGradient id="floor" cx="50%" cy="50%" r="50%">
      <stop offset="0" stop-color="#000" stop-opacity="${shadowOpacity}"/>
      <stop offset="0.6" stop-color="#000" stop-opacity="${shadowOpacity * 0.45}"/>
      <stop offset="1" stop-color="#000" stop-opacity="0"/>
    </radialGradient>
  </defs>
  <rect width="${SIZE}" height="${SIZE}" fill="url(#bg)"/>
  <ellipse cx="600" cy="${shadowY}" rx="${shadowRx}" ry="${Math.round(shadowRx * 0.13)}" fill="url(#floor)"/>
  ${body}
</svg>`;
}

// Heavyweight black T-shirt, laid flat and seen from the front.
const tee = svg(
  "#f6f7f9",
  "#dfe3e9",
  `<defs>
    <linearGradient id="cloth" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#34373d"/>
      <stop offset="0.55" stop-color="#23252a"/>
      <stop offset="1" stop-color="#17181b"/>
    </linearGradient>
    <linearGradient id="sheen" x1="0" y1="0" x2="1" y2="0">
      <stop offset="0" stop-color="#fff" stop-opacity="0"/>
      <stop offset="0.5" stop-color="#fff" stop-opacity="0.07"/>
      <stop offset="1" stop-color="#fff" stop-opacity="0"/>
    </linearGradient>
  </defs>
  <!-- back of the neck, seen through the collar -->
  <path d="M515 262 Q600 300 685 262 L680 250 Q600 232 520 250 Z" fill="#0c0d0f"/>
  <rect x="578" y="258" width="44" height="20" rx="3" fill="#c9ccd2"/>
  <!-- body and sleeves -->
  <path d="M520 250 Q600 345 680 250 L805 282 Q850 296 885 330 L985 440 Q993 452 982 462 L905 540 Q895 549 884 541
           L812 492 L820 930 Q822 962 790 964 Q600 976 410 964 Q378 962 380 930 L388 492 L316 541 Q305 549 295 540
           L218 462 Q207 452 215 440 L315 330 Q350 296 395 282 Z" fill="url(#cloth)"/>
  <path d="M388 492 L395 282 Q350 296 315 330 L215 440 Q207 452 218 462 L295 540 Q305 549 316 541 Z"
        fill="#000" fill-opacity="0.12"/>
  <!-- soft vertical sheen down the front -->
  <path d="M470 330 Q600 360 730 330 L760 950 Q600 962 440 950 Z" fill="url(#sheen)"/>
  <!-- ribbed collar -->
  <path d="M520 250 Q600 345 680 250 L664 246 Q600 318 536 246 Z" fill="#121316"/>
  <path d="M528 250 Q600 332 672 250" stroke="#4a4e56" stroke-width="3" fill="none" stroke-dasharray="7 7"/>
  <!-- sleeve and hem stitching, set-in sleeve seams -->
  <path d="M395 282 Q376 390 388 492" stroke="#3f434a" stroke-width="4" fill="none"/>
  <path d="M805 282 Q824 390 812 492" stroke="#3f434a" stroke-width="4" fill="none"/>
  <path d="M236 462 L303 527" stroke="#4a4e56" stroke-width="3" stroke-dasharray="8 7"/>
  <path d="M964 462 L897 527" stroke="#4a4e56" stroke-width="3" stroke-dasharray="8 7"/>
  <path d="M384 934 Q600 948 816 934" stroke="#4a4e56" stroke-width="3" fill="none" stroke-dasharray="8 7"/>
  <!-- shoulder highlights -->
  <path d="M410 300 Q350 318 300 372" stroke="#fff" stroke-opacity="0.10" stroke-width="10" fill="none" stroke-linecap="round"/>
  <path d="M690 272 L790 296" stroke="#fff" stroke-opacity="0.10" stroke-width="8" fill="none" stroke-linecap="round"/>`,
  { shadowY: 985, shadowRx: 360, shadowOpacity: 0.2 },
);

// White stoneware mug (350 ml) with a handle, on a warm backdrop.
const mug = svg(
  "#fbf3e8",
  "#efdcc4",
  `<defs>
    <linearGradient id="glaze" x1="0" y1="0" x2="1" y2="0">
      <stop offset="0" stop-color="#e4e0da"/>
      <stop offset="0.18" stop-color="#ffffff"/>
      <stop offset="0.42" stop-color="#fbfaf8"/>
      <stop offset="0.8" stop-color="#e2ddd5"/>
      <stop offset="1" stop-color="#cfc8be"/>
    </linearGradient>
    <linearGradient id="inside" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#cdc6bc"/>
      <stop offset="1" stop-color="#efebe5"/>
    </linearGradient>
    <linearGradient id="handle" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#f7f5f1"/>
      <stop offset="1" stop-color="#d2cbc1"/>
    </linearGradient>
  </defs>
  <g transform="translate(-60 0)">
  <!-- handle (drawn first so its ends tuck behind the body) -->
  <path d="M750 470 C905 455 925 745 750 770" stroke="#c9c1b5" stroke-width="64" fill="none" stroke-linecap="round"/>
  <path d="M750 470 C905 455 925 745 750 770" stroke="url(#handle)" stroke-width="52" fill="none" stroke-linecap="round"/>
  <path d="M800 500 C860 520 872 640 840 700" stroke="#fff" stroke-opacity="0.8" stroke-width="8" fill="none" stroke-linecap="round"/>
  <!-- body: a cylinder seen slightly from above -->
  <path d="M400 390 V850 A190 44 0 0 0 780 850 V390 Z" fill="url(#glaze)"/>
  <path d="M400 850 A190 44 0 0 0 780 850" stroke="#bdb4a7" stroke-width="3" fill="none"/>
  <path d="M400 390 V850 A190 44 0 0 0 780 850 V390" stroke="#c6bdb1" stroke-width="3" fill="none"/>
  <!-- foot ring -->
  <path d="M404 826 A188 42 0 0 0 776 826" stroke="#d6cfc5" stroke-width="4" fill="none"/>
  <!-- rim and interior -->
  <ellipse cx="590" cy="390" rx="190" ry="44" fill="#f8f6f2" stroke="#c6bdb1" stroke-width="3"/>
  <ellipse cx="590" cy="392" rx="172" ry="35" fill="url(#inside)"/>
  <!-- glaze highlights -->
  <rect x="452" y="430" width="26" height="380" rx="13" fill="#fff" opacity="0.9"/>
  <rect x="495" y="440" width="9" height="300" rx="4.5" fill="#fff" opacity="0.7"/>
  </g>`,
  { shadowY: 895, shadowRx: 330, shadowOpacity: 0.22 },
);

// Navy six-panel baseball cap in three-quarter view, brim towards the lower right.
const cap = svg(
  "#f3f6fa",
  "#d9e1eb",
  `<defs>
    <radialGradient id="crown" cx="38%" cy="30%" r="80%">
      <stop offset="0" stop-color="#34528a"/>
      <stop offset="0.45" stop-color="#22386a"/>
      <stop offset="1" stop-color="#131f3d"/>
    </radialGradient>
    <linearGradient id="brim" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#2a4275"/>
      <stop offset="1" stop-color="#16244a"/>
    </linearGradient>
  </defs>
  <!-- crown -->
  <path d="M282 735 C262 500 400 330 590 325 C775 322 905 470 915 690 Q600 770 282 735 Z" fill="url(#crown)"/>
  <!-- band along the lower edge (back and side) -->
  <path d="M282 735 Q600 770 915 690 L913 662 Q600 740 280 705 Z" fill="#0f1933" fill-opacity="0.45"/>
  <!-- panel seams from the button -->
  <g stroke="#0e1730" stroke-width="5" fill="none" stroke-linecap="round">
    <path d="M590 330 C500 380 430 520 418 744"/>
    <path d="M590 330 C640 420 680 560 690 740"/>
    <path d="M590 330 C700 360 810 470 860 690"/>
    <path d="M590 330 C470 350 340 460 300 650"/>
  </g>
  <g stroke="#5f7bb3" stroke-width="2.5" fill="none" stroke-dasharray="9 8" stroke-opacity="0.7">
    <path d="M602 338 C650 430 690 565 702 738"/>
    <path d="M578 338 C492 392 444 520 432 744"/>
    <path d="M602 335 C705 370 805 475 848 685"/>
  </g>
  <!-- highlight on the crown -->
  <path d="M410 520 C430 430 490 380 560 360" stroke="#fff" stroke-opacity="0.16" stroke-width="26" fill="none" stroke-linecap="round"/>
  <!-- eyelets -->
  <ellipse cx="500" cy="470" rx="11" ry="8" fill="#0c1428" stroke="#3d5a94" stroke-width="3"/>
  <ellipse cx="745" cy="455" rx="10" ry="8" fill="#0c1428" stroke="#3d5a94" stroke-width="3"/>
  <!-- top button -->
  <ellipse cx="590" cy="328" rx="30" ry="15" fill="#1c2d57"/>
  <ellipse cx="586" cy="323" rx="20" ry="8" fill="#3b5a96"/>
  <!-- brim: underside edge, then top surface -->
  <path d="M400 728 C560 740 770 715 915 680 C990 700 1040 760 1010 820 C950 905 700 915 520 850 C465 830 410 790 400 728 Z"
        fill="#0b1329"/>
  <path d="M400 728 C560 740 770 715 915 680 C985 700 1030 750 1002 805 C940 880 700 890 525 832 C465 812 412 780 400 728 Z"
        fill="url(#brim)"/>
  <g stroke="#5f7bb3" stroke-width="2.5" fill="none" stroke-dasharray="9 8" stroke-opacity="0.6">
    <path d="M470 780 C600 830 830 840 960 775"/>
    <path d="M500 805 C640 855 850 860 980 790"/>
  </g>
  <path d="M560 790 C700 815 850 800 940 740" stroke="#fff" stroke-opacity="0.12" stroke-width="16" fill="none" stroke-linecap="round"/>`,
  { shadowY: 905, shadowRx: 380, shadowOpacity: 0.2 },
);

// Neutral placeholder for products without a picture: an outlined cardboard-style box on grey.
const placeholder = svg(
  "#f4f5f7",
  "#e4e6ea",
  `<g stroke="#9aa0aa" stroke-width="14" stroke-linejoin="round" stroke-linecap="round">
    <path d="M600 380 L800 480 L600 580 L400 480 Z" fill="#dfe2e7"/>
    <path d="M400 480 L600 580 L600 820 L400 720 Z" fill="#cfd3da"/>
    <path d="M800 480 L600 580 L600 820 L800 720 Z" fill="#c3c8d0"/>
    <path d="M500 430 L700 530 L700 600" fill="none"/>
  </g>`,
  { shadowY: 850, shadowRx: 260, shadowOpacity: 0.1 },
);

const images = { "tee-black": tee, "mug-white": mug, "cap-navy": cap, placeholder };

await mkdir(outDir, { recursive: true });
for (const [name, source] of Object.entries(images)) {
  const webp = await sharp(Buffer.from(source)).resize(SIZE, SIZE).webp({ quality: 80, effort: 6 }).toBuffer();
  if (webp.length > MAX_BYTES) throw new Error(`${name}.webp is ${webp.length} bytes, over ${MAX_BYTES}`);
  await writeFile(path.join(outDir, `${name}.webp`), webp);
  console.log(`public/products/${name}.webp  ${(webp.length / 1024).toFixed(1)} kB`);
}
