// The health bands and the reasons a score is unknown, as plain values: the
// panel's first paint checks them before any of the model's schemas load.
export const HEALTH_BANDS = ['healthy', 'watch', 'at-risk'] as const;
export const HEALTH_UNKNOWN_REASONS = ['no-data', 'zero-weights'] as const;
