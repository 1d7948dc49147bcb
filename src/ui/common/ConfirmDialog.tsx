import { useEffect, useRef, type ReactNode } from 'react';

/**
 * A modal confirmation on the native <dialog>: focus moves in (to the confirm button, or to the first field of a
 * form), Escape and Cancel cancel, Enter on the focused button chooses it, and focus goes back where it was when
 * the dialog closes (if that is still on the page). An optional second choice sits between Cancel and the confirm
 * button (e.g. Discard).
 */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  onConfirm,
  onCancel,
  alternative,
  informational = false,
}: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm(): void;
  onCancel(): void;
  alternative?: { label: string; onChoose(): void; danger?: boolean };
  /** Nothing to decide (a help overlay): one button that closes it, no Cancel. */
  informational?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const d = ref.current!;
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!d.open) d.showModal();
    // showModal focuses the first focusable element: a dialog with fields starts there; a question starts on its
    // answer, so that Enter chooses it (not Cancel).
    if (!d.querySelector('input, select, textarea')) confirm.current?.focus();
    return () => {
      d.close();
      if (before?.isConnected && (document.activeElement === document.body || document.activeElement === null)) before.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby="confirm-title"
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      <h3 id="confirm-title">{title}</h3>
      <div className="stack">{children}</div>
      <div className="row dialog-actions">
        {!informational && (
          <button className="btn" onClick={onCancel}>
            Cancel
          </button>
        )}
        {alternative && (
          <button className={`btn${alternative.danger ? ' danger' : ''}`} onClick={alternative.onChoose}>
            {alternative.label}
          </button>
        )}
        <button className="btn primary" onClick={onConfirm} ref={confirm}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
