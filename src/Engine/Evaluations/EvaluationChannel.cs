namespace OneStop.Engine;

/// <summary>Where an evaluation (好差评) was given.</summary>
public enum EvaluationChannel
{
    /// <summary>At the service window (窗口评价器).</summary>
    Window,
    /// <summary>On the government service website (网上办事大厅).</summary>
    Web,
    /// <summary>In a mobile app or mini program (移动端).</summary>
    App,
    /// <summary>By SMS reply (短信).</summary>
    Sms,
    /// <summary>By the 12345 hotline (热线).</summary>
    Hotline,
    /// <summary>Any other channel.</summary>
    Other,
}
