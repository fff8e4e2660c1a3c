// Panels that are not on the first screen, loaded on demand: their code (and their words) is not
// part of the page's first load. Each renders nothing until its chunk has arrived (a few ms on a
// local server; the service worker caches every chunk for offline use). Dialogs load on their first
// opening and then stay mounted, so closing them keeps their focus handling.
import { lazy, Suspense, useState, type ComponentType } from 'react';

function later<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  const Inner = lazy(async () => ({ default: await load() }));
  function Later(props: P) {
    return (
      <Suspense fallback={null}>
        <Inner {...props} />
      </Suspense>
    );
  }
  return Later;
}

/** A dialog's code loads when it is first opened. */
function laterDialog<P extends { open: boolean }>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  const Inner = later(load);
  function LaterDialog(props: P) {
    const [wanted, setWanted] = useState(props.open);
    if (props.open && !wanted) setWanted(true);
    return wanted || props.open ? <Inner {...props} /> : null;
  }
  return LaterDialog;
}

export const CompareView = later(() => import('./CompareView.tsx').then((m) => m.CompareView));
export const ConsoleSection = later(() => import('./ConsoleSection.tsx').then((m) => m.ConsoleSection));
export const EventLog = later(() => import('./EventLog.tsx').then((m) => m.EventLog));
export const Transcript = later(() => import('./Transcript.tsx').then((m) => m.Transcript));
export const ActPanel = later(() => import('./ActPanel.tsx').then((m) => m.ActPanel));
export const BranchList = later(() => import('./BranchList.tsx').then((m) => m.BranchList));
export const FidelityNotes = later(() => import('./FidelityNotes.tsx').then((m) => m.FidelityNotes));
export const LessonPanel = later(() => import('./lessons/LessonPanel.tsx').then((m) => m.LessonPanel));
export const ShortcutsDialog = laterDialog(() => import('./ShortcutsDialog.tsx').then((m) => m.ShortcutsDialog));
export const LessonIndex = laterDialog(() => import('./lessons/LessonIndex.tsx').then((m) => m.LessonIndex));
// The inspector's tabs other than the node cards.
export const BacklogRing = later(() => import('./panels/BacklogRing.tsx').then((m) => m.BacklogRing));
export const BufferGauges = later(() => import('./panels/BufferGauges.tsx').then((m) => m.BufferGauges));
export const HandshakeDiagram = later(() => import('./panels/HandshakeDiagram.tsx').then((m) => m.HandshakeDiagram));
export const InfoPanel = later(() => import('./panels/InfoPanel.tsx').then((m) => m.InfoPanel));
export const OffsetChart = later(() => import('./panels/OffsetChart.tsx').then((m) => m.OffsetChart));
export const SentinelPanel = later(() => import('./panels/SentinelPanel.tsx').then((m) => m.SentinelPanel));
