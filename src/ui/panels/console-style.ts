// The look of the console panels (redis-cli console, INFO replication, offset charts), on the
// theme's tokens. Rendered once per page through React's hoisted <style href precedence>.

export const PANEL_CSS = `
.rc, .ip, .oc { font-family: var(--font-ui); font-size: var(--fs-md); color: var(--fg); background: var(--panel);
  border: 1px solid var(--line); border-radius: var(--radius); min-width: 0; box-sizing: border-box; }
.rc { display: flex; flex-direction: column; height: 100%; min-height: 260px; }
.rc-sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.rc-muted { color: var(--muted); margin: 4px 0; font-style: italic; }
.rc-empty { padding: 12px; color: var(--muted); }
.nt { display: flex; flex-wrap: wrap; gap: 2px; padding: 4px 6px 0; border-bottom: 1px solid var(--line); background: var(--panel-2);
  border-radius: var(--radius) var(--radius) 0 0; }
.nt-tab { font: inherit; color: var(--muted); background: transparent; border: 1px solid transparent; border-bottom: none;
  border-radius: var(--radius) var(--radius) 0 0; padding: 4px 12px; min-height: 32px; cursor: pointer; display: inline-flex; gap: 6px; align-items: center; }
.nt-tab[aria-selected='true'] { color: var(--fg); background: var(--panel); border-color: var(--line); font-weight: 600;
  box-shadow: inset 0 3px 0 var(--accent); margin-bottom: -1px; }
.nt-badge { font-size: var(--fs-xs); border: 1px dashed var(--bad); color: var(--fg); border-radius: 3px; padding: 0 4px; font-weight: 400; }
.rc-body { display: flex; flex-direction: column; flex: 1; min-height: 0; }
.rc-log { flex: 1; min-height: 120px; overflow: auto; padding: 8px 10px; font-family: var(--font-mono); font-size: var(--fs-sm);
  font-variant-numeric: tabular-nums; line-height: 1.45; cursor: text;
  /* Reversed: the box starts scrolled to its newest line and stays there as lines come, with no
     script reading its height; scrolled up, it keeps showing the same lines. */
  display: flex; flex-direction: column-reverse; }
.rc-entry { margin: 0 0 2px; }
.rc-line { white-space: pre-wrap; overflow-wrap: anywhere; }
.rc-p { color: var(--muted); }
.rc-in { color: var(--fg); font-weight: 600; }
.rc-out { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; font: inherit; }
.rc-err { color: var(--bad); }
.rc-help b { font-weight: 700; }
.rc-dim { color: var(--muted); }
.rc-lbl { color: color-mix(in srgb, var(--ok-orange) 60%, var(--fg)); }
.rc-pending::before { content: '… '; }
.rc-inputline { display: flex; align-items: center; gap: 0; border-top: 1px solid var(--line); padding: 4px 10px;
  font-family: var(--font-mono); font-size: var(--fs-sm); }
.rc-prompt { color: var(--muted); white-space: pre; }
.rc-field { position: relative; flex: 1; min-width: 0; }
.rc-input, .rc-hint { font: inherit; font-size: var(--fs-sm); padding: 6px 4px; margin: 0; border: 0; letter-spacing: normal; }
.rc-input { width: 100%; box-sizing: border-box; background: transparent; color: var(--fg); border-radius: 3px; min-height: 32px; }
.rc-input:focus { outline: none; }
.rc-input:focus-visible { outline: 2px solid var(--focus); outline-offset: 0; }
.rc-hint { position: absolute; inset: 0; pointer-events: none; white-space: pre; overflow: hidden; color: var(--muted); display: flex; align-items: center; }
.rc-hint-typed { visibility: hidden; }
.rc-wait { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 10px; border-top: 1px dashed var(--accent);
  padding: 4px 10px; background: color-mix(in srgb, var(--accent) 8%, var(--panel)); font-size: var(--fs-sm); }
.rc-wait-text { margin: 0; flex: 1 1 16em; font-variant-numeric: tabular-nums; }
.rc-wait-bar { flex: 0 0 100%; order: 3; height: 4px; background: var(--line); border-radius: 2px; overflow: hidden; }
.rc-wait-bar > div { height: 100%; background: var(--accent); }
.rc-ctrlc { font: inherit; font-family: var(--font-mono); font-size: var(--fs-sm); min-height: 32px; min-width: 44px; padding: 2px 10px;
  color: var(--fg); background: var(--panel); border: 1px solid var(--line); border-radius: 4px; cursor: pointer; }
.rc-ctrlc:hover { border-color: var(--accent); }
.rc-ctrlc:focus-visible { outline: 2px solid var(--focus); outline-offset: 1px; }
.rc-input[data-waiting] { color: var(--muted); }
.rc-held { margin: 0; padding: 2px 10px; color: var(--muted); font-size: var(--fs-xs); font-style: italic; }
@media (pointer: coarse) { .rc-ctrlc { min-height: 44px; } }
.rc-keys { margin: 0; padding: 2px 10px 6px; color: var(--muted); font-size: var(--fs-xs); }
.rc-cmdlink { font: inherit; background: var(--panel-2); color: var(--fg); border: 1px solid var(--line); border-radius: 4px;
  padding: 0 4px; cursor: pointer; display: inline-flex; gap: 4px; align-items: baseline; text-decoration: underline dotted var(--accent); }
.rc-cmdlink > span { color: var(--accent); font-size: 0.8em; }
.rc-cmdlink code { font-size: var(--fs-sm); }
.rc-cmdlink:hover { border-color: var(--accent); }
.ip-body { padding: 8px 10px; }
.ip-summary { margin: 0 0 6px; }
.ip-down { margin: 0 0 6px; padding: 2px 6px; border: 1px dashed var(--bad); border-radius: 4px; }
.ip-legend { color: var(--muted); font-size: var(--fs-sm); }
.ip-lines { list-style: none; margin: 0; padding: 0; font-size: var(--fs-sm); line-height: 1.5; }
.ip { container-type: inline-size; }
.ip-line { display: grid; grid-template-columns: 1.6ch minmax(0, 1fr); column-gap: 6px; align-items: baseline; padding: 0 4px 0 0;
  border-left: 3px solid transparent; }
.ip-mark { text-align: center; color: var(--accent); }
.ip-text { overflow-wrap: anywhere; min-width: 0; }
.ip-delta { grid-column: 2; }
@container (min-width: 560px) {
  .ip-line { grid-template-columns: 1.6ch minmax(0, max-content) minmax(0, 1fr); }
  .ip-delta { grid-column: 3; padding-left: 1.4ch; }
}
.ip-section .ip-text { font-weight: 700; }
.ip-key { color: var(--muted); }
.ip-line[data-changed] { background: color-mix(in srgb, var(--ok-yellow) 22%, transparent); border-left-color: var(--ok-orange); }
.ip-line[data-changed] .ip-key { color: var(--fg); }
.ip-line[data-changed] .ip-val { font-weight: 700; }
.ip-delta { font-size: var(--fs-xs); color: var(--fg); }
.ip-removed { color: var(--muted); font-size: var(--fs-sm); overflow-wrap: anywhere; margin: 8px 0 0; }
.oc { padding: 8px 10px; }
.oc-chart { margin: 0 0 8px; }
.oc-title { font-size: var(--fs-sm); font-weight: 600; margin-bottom: 2px; }
.oc-plot { position: relative; }
.oc-plot svg { display: block; overflow: visible; font-family: var(--font-mono); font-variant-numeric: tabular-nums; }
.oc-grid line { stroke: var(--line); }
.oc-grid text, .oc-tick { fill: var(--muted); font-size: 10px; }
.oc-line { fill: none; stroke-width: var(--stroke); }
.oc-end { font-size: 11px; font-weight: 600; paint-order: stroke; stroke: var(--panel); stroke-width: 3px; }
.oc-cursor { stroke: var(--fg); stroke-width: 1.5px; stroke-dasharray: 3 2; }
.oc-seek { position: absolute; cursor: crosshair; touch-action: none; border-radius: 3px; }
.oc-tables { display: flex; flex-wrap: wrap; gap: 8px 20px; }
.oc-table { border-collapse: collapse; font-size: var(--fs-sm); }
.oc-table caption { text-align: left; color: var(--muted); font-size: var(--fs-xs); padding-bottom: 2px; }
.oc-table th, .oc-table td { padding: 2px 8px 2px 0; text-align: left; font-weight: 400; white-space: nowrap; }
.oc-table thead th { color: var(--muted); font-size: var(--fs-xs); border-bottom: 1px solid var(--line); }
.oc-table .num { text-align: right; }
.oc-swatch { vertical-align: middle; }
.oc-swatch line { stroke-width: 2.5px; }
@media (max-width: 600px), (pointer: coarse) {
  .nt-tab { min-height: 44px; min-width: 44px; }
  .rc-input { min-height: 44px; }
  .rc-input, .rc-hint { font-size: 16px; }
  .rc-cmdlink { min-height: 32px; }
}
`;
