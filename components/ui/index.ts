export * from './Badge';
export * from './Button';
export * from './Card';
export * from './ErrorBanner';
export * from './errors';
export * from './Field';
export * from './format';
export * from './Skeleton';
