import { useTranslation } from "react-i18next";

export function ProgressBar({ count, goal }: { count: number; goal: number }) {
  const { t } = useTranslation();
  const percent = Math.min(100, Math.round((count / goal) * 100));
  const label = t("campaign.progress", { count, goal });
  return (
    <div className="progress">
      <p className="progress-count">
        <strong>{t("campaign.signatures", { count })}</strong>
        <span className="progress-goal">{t("campaign.goal", { goal })}</span>
      </p>
      <div className="progress-track" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={goal} aria-valuenow={count} aria-valuetext={label}>
        <div className="progress-fill" style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}
