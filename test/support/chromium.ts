// Where the suite finds Chromium: CHROMIUM_PATH, else Debian's package path.
export const chromiumPath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
