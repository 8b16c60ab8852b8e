import { useTranslation } from "react-i18next";

/**
 * The count and the goal. Signatures collected on paper are always shown apart from the online
 * ones ("and 1,240 on paper"); they fill the bar only when the campaign counts them towards its
 * goal (decision 069).
 */
export function ProgressBar({ count, goal, paper }: { count: number; goal: number; paper?: { count: number; countsToGoal: boolean } }) {
  const { t } = useTranslation();
  const towardsGoal = count + (paper?.countsToGoal ? paper.count : 0);
  const percent = Math.min(100, Math.round((towardsGoal / goal) * 100));
  const label = t("campaign.progress", { count: towardsGoal, goal });
  return (
    <div className="progress">
      <p className="progress-count">
        <span>
          <strong>{t("campaign.signatures", { count })}</strong>
          {paper && paper.count > 0 ? (
            <>
              {" "}
              <span className="progress-paper">{t("campaign.onPaper", { count: paper.count })}</span>
            </>
          ) : null}
        </span>
        <span className="progress-goal">{t("campaign.goal", { goal })}</span>
      </p>
      <div
        className="progress-track"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={goal}
        aria-valuenow={towardsGoal}
        aria-valuetext={label}
      >
        <div className="progress-fill" style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}
