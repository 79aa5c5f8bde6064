namespace OneStop.Definitions.Flow;

/// <summary>Special procedures (特别程序) whose time is not counted in the decision limit (Art.45).</summary>
public enum SpecialProcedureKind
{
    /// <summary>听证.</summary>
    Hearing,
    /// <summary>招标.</summary>
    Tendering,
    /// <summary>拍卖.</summary>
    Auction,
    /// <summary>检验/检测.</summary>
    Testing,
    /// <summary>检查.</summary>
    Inspection,
    /// <summary>检疫.</summary>
    Quarantine,
    /// <summary>鉴定.</summary>
    Appraisal,
    /// <summary>专家评审.</summary>
    ExpertReview,
    /// <summary>现场勘查/核查.</summary>
    SiteInspection,
    /// <summary>技术审查.</summary>
    TechnicalReview,
}
