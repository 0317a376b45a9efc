// Copies text; falls back to selecting a field when the Clipboard API is
// unavailable (insecure context, headless browser, denied permission).
import { useState } from 'react';

interface Props {
  text: string;
  label?: string;
  /** Accessible name, when the visible label alone is ambiguous. */
  ariaLabel?: string;
  /** id of an element showing the same text, selected when the Clipboard API fails. */
  fallbackElementId?: string;
  className?: string;
}

export async function copyText(text: string, fallbackElementId?: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through to the selection fallback
  }
  const el = fallbackElementId ? document.getElementById(fallbackElementId) : null;
  if (el) {
    if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) {
      el.focus();
      el.select();
    } else {
      // Select the element's text so execCommand (or the user) can copy it.
      const range = document.createRange();
      range.selectNodeContents(el);
      const selection = window.getSelection();
      selection?.removeAllRanges();
      selection?.addRange(range);
    }
    try {
      // Deprecated but still the only synchronous path in some browsers.
      return document.execCommand('copy');
    } catch {
      return false;
    }
  }
  return false;
}

export function CopyButton({ text, label = 'Copy', ariaLabel, fallbackElementId, className }: Props) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const onClick = async () => {
    const ok = await copyText(text, fallbackElementId);
    setState(ok ? 'copied' : 'failed');
    setTimeout(() => setState('idle'), 2500);
  };
  return (
    <>
      <button type="button" className={className ?? 'btn btn-secondary'} onClick={onClick} aria-label={ariaLabel}>
        {label}
      </button>
      <span className="copy-status" role="status">
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed: select the text and copy it yourself' : ''}
      </span>
    </>
  );
}
