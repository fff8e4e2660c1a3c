// Small inline icons for the transport buttons (decorative: every button has a text label).
const PATHS = {
  play: 'M6 4l10 6-10 6z',
  pause: 'M5 4h4v12H5zM11 4h4v12h-4z',
  back: 'M4 4h2v12H4zM16 4v12L7 10z',
  forward: 'M14 4h2v12h-2zM4 4v12l9-6z',
  end: 'M2 4l7 6-7 6zM9 4l7 6-7 6zM16 4h2v12h-2z',
  online: 'M3 10h9M9 6l4 4-4 4M15 4h2v12h-2z',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name }: { name: IconName }) {
  const stroke = name === 'online';
  return (
    <svg className="icon" viewBox="0 0 20 20" width="18" height="18" aria-hidden="true" focusable="false">
      <path d={PATHS[name]} fill={stroke ? 'none' : 'currentColor'} stroke={stroke ? 'currentColor' : 'none'} strokeWidth={stroke ? 2 : 0} />
    </svg>
  );
}
