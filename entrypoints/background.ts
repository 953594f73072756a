import { defineBackground } from '#imports';

export default defineBackground(() => {
  // Wiring lands with the data-layer issue.
});
