// Up to five interest tags, added with Enter/comma or the Add button.
import { useId, useState, type KeyboardEvent } from 'react';
import { checkTag, MAX_INTERESTS, normalizeName, TAG_MAX } from '../lib/names';

interface Props {
  value: string[];
  onChange: (tags: string[]) => void;
  disabled?: boolean;
}

export function InterestsInput({ value, onChange, disabled }: Props) {
  const id = useId();
  const [draft, setDraft] = useState('');
  const [hint, setHint] = useState('');
  const full = value.length >= MAX_INTERESTS;

  const add = () => {
    const tag = normalizeName(draft.replace(/,/g, ' '));
    if (!tag) return;
    const check = checkTag(tag);
    if (!check.ok) return setHint(check.hint);
    if (full) return setHint(`At most ${MAX_INTERESTS} interests.`);
    if (value.some((t) => t.toLowerCase() === tag.toLowerCase())) return setHint('Already added.');
    onChange([...value, tag]);
    setDraft('');
    setHint('');
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter' || e.key === ',') {
      e.preventDefault();
      add();
    } else if (e.key === 'Backspace' && !draft && value.length) {
      onChange(value.slice(0, -1));
    }
  };

  return (
    <div className="field">
      <label htmlFor={id}>Interests (optional)</label>
      <div className="row">
        <input
          id={id}
          type="text"
          value={draft}
          disabled={disabled || full}
          maxLength={TAG_MAX * 4}
          placeholder={full ? 'Five interests is the limit' : 'e.g. music'}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={onKeyDown}
          aria-describedby={`${id}-hint`}
        />
        <button type="button" className="btn btn-secondary" onClick={add} disabled={disabled || full || !draft.trim()}>
          Add interest
        </button>
      </div>
      <p id={`${id}-hint`} className={hint ? 'hint hint-error' : 'hint'} aria-live="polite">
        {hint || `Up to ${MAX_INTERESTS} tags, ${TAG_MAX} characters each. We try to match people who share one.`}
      </p>
      {value.length > 0 && (
        <ul className="chips" aria-label="Chosen interests">
          {value.map((tag) => (
            <li key={tag} className="chip">
              {tag}
              <button
                type="button"
                className="chip-remove"
                aria-label={`Remove interest ${tag}`}
                disabled={disabled}
                onClick={() => onChange(value.filter((t) => t !== tag))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
