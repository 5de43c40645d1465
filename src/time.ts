// Time constants and conversions shared by the readers, the engine and the rules.

export const DAY_MS = 86_400_000;
