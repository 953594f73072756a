/**
 * Where the panel page's first classic script (`entrypoints/frame-check`)
 * leaves the `frame-check` request it sent, for the page's module code to
 * take: a classic script runs as soon as it is fetched, while the module code
 * waits for the styles and its imports, so the background answers meanwhile.
 */
export const FRAME_CHECK_AHEAD = '__seamlineFrameCheck';
