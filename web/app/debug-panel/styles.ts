/**
 * The panel's own styles, added to the page with its script: the page's stylesheet, which every
 * deployment serves, carries none of them. They use the page's colours and cards.
 */
const PANEL_CSS = `
main:has(.debug-panel) { max-width: 1320px; }
.debug-panel { display: grid; gap: 12px; }
.debug-panel h3 { font-size: 1rem; margin: 0 0 6px; }
.debug-head { display: flex; gap: 12px; align-items: baseline; flex-wrap: wrap; }
.debug-head .error { margin: 0; }
.debug-controls { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1.3fr); gap: 12px; }
.debug-seat-column { display: grid; gap: 12px; align-content: start; }
.debug-seat-bar, .debug-bot-seat { display: grid; gap: 8px; align-content: start; }
button.debug-seat { border: 3px solid transparent; padding: 4px 12px; }
button.debug-seat[aria-pressed="true"] { border-color: var(--ink); box-shadow: 0 0 0 2px #fff inset; }
.debug-log { position: relative; max-height: 8.5em; }
.debug-log li.current { background: #eef2ff; }
.debug-log button.link { text-align: left; text-decoration: none; font-family: ui-monospace, monospace; font-size: 0.8rem; }
.debug-position { font-weight: 600; }
.debug-past .replay-boards { margin: 0; }
.debug-past-note { margin: 0 0 8px; font-weight: 600; color: #a16207; }
.debug-state { display: grid; gap: 12px; grid-template-columns: repeat(auto-fit, minmax(240px, 1fr)); align-items: start; }
.debug-views { display: contents; }
.debug-state figure { margin: 0; }
.debug-state figcaption p { margin: 0 0 6px; font-size: 0.85rem; }
.debug-state .raw { max-height: 24em; }
.debug-full { border-color: #a16207; }
.debug-view.playing { border-color: var(--accent); }
@media (max-width: 720px) { .debug-controls { grid-template-columns: minmax(0, 1fr); } }
`;

/** Adds the styles once, however often the panel is mounted. */
export function addPanelStyles(): void {
  if (document.getElementById('debug-panel-styles') !== null) return;
  const style = document.createElement('style');
  style.id = 'debug-panel-styles';
  style.textContent = PANEL_CSS;
  document.head.append(style);
}
