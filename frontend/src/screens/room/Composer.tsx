// Message input with a visible limit; Enter sends, Shift+Enter adds a line.
import { useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import { ErrorText } from '../../components/ErrorText';
import { describeError } from '../../lib/errors';
import { MAX_BODY_CHARS } from '../../room/roomSession';

interface Props {
  disabled: boolean;
  disabledReason?: string;
  typingText: string;
  onSend: (body: string) => Promise<void>;
  onTyping: () => void;
}

export function Composer({ disabled, disabledReason, typingText, onSend, onTyping }: Props) {
  const id = useId();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const remaining = MAX_BODY_CHARS - text.length;

  const send = async (e?: FormEvent) => {
    e?.preventDefault();
    if (disabled || !text.trim()) return;
    const body = text;
    setText(''); // clear at once: the message shows in the list with its own status
    setError(null);
    try {
      await onSend(body);
    } catch (err) {
      setError(describeError(err));
      // Put the text back only if it never made it into the list.
      if (err instanceof Error && !('status' in err)) setText((t) => t || body);
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void send();
    }
  };

  return (
    <form className="composer" onSubmit={send}>
      <p className="typing" aria-live="polite" data-testid="typing">{typingText}</p>
      <label htmlFor={id} className="visually-hidden">Message</label>
      <div className="composer-row">
        <textarea
          id={id}
          rows={2}
          value={text}
          maxLength={MAX_BODY_CHARS}
          placeholder={disabled ? disabledReason : 'Write a message'}
          disabled={disabled}
          aria-describedby={`${id}-count`}
          onChange={(e) => {
            setText(e.target.value);
            if (e.target.value) onTyping();
          }}
          onKeyDown={onKeyDown}
        />
        <button type="submit" className="btn btn-primary" disabled={disabled || !text.trim()}>
          Send
        </button>
      </div>
      <p id={`${id}-count`} className={`hint counter-line ${remaining < 200 ? 'hint-error' : ''}`}>
        {remaining.toLocaleString()} of {MAX_BODY_CHARS.toLocaleString()} characters left · Enter sends, Shift+Enter for a new line
      </p>
      <ErrorText message={error} />
    </form>
  );
}
