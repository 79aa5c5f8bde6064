using OneStop.Definitions;

namespace OneStop.Engine.Tests.Supervision;

public class ContentRuleTests
{
    [Fact]
    public async Task FeeDiffers_ChargeAboveStandard_RaisesYellowWithBothAmounts()
    {
        using var host = new SupervisionHost();
        var n = await host.DecidedAsync(SupervisionItems.FeeCode);

        await host.RunAsync(new Deliver(n, "window", host.Key(), "window", null, Fee: 20m));

        var alert = Assert.Single(await host.AlertsAsync(n, SupervisionRules.FeeDiffers));
        Assert.Equal(AlertLevel.Yellow, alert.Level);
        Assert.Contains("charged 20 yuan", alert.Evidence);
        Assert.Contains("standard is 15 yuan", alert.Evidence);
    }

    [Fact]
    public async Task FeeDiffers_StandardCharge_RaisesNothing()
    {
        using var host = new SupervisionHost();
        var n = await host.DecidedAsync(SupervisionItems.FeeCode);

        await host.RunAsync(new Deliver(n, "window", host.Key(), Fee: 15m));

        Assert.Empty(await host.AlertsAsync(n, SupervisionRules.FeeDiffers));
    }

    [Fact]
    public async Task FeeOnFreeItem_Charge_RaisesRed()
    {
        using var host = new SupervisionHost();
        var n = await host.DecidedAsync();

        await host.RunAsync(new Deliver(n, "window", host.Key(), Fee: 5m));

        Assert.Equal(AlertLevel.Red, Assert.Single(await host.AlertsAsync(n, SupervisionRules.FeeOnFreeItem)).Level);
        Assert.Empty(await host.AlertsAsync(n, SupervisionRules.FeeDiffers));
    }

    [Fact]
    public async Task FeeOnFreeItem_NoCharge_RaisesNothing()
    {
        using var host = new SupervisionHost();
        var n = await host.DecidedAsync();

        await host.RunAsync(new Deliver(n, "window", host.Key(), Fee: 0m));

        Assert.Empty(await host.AlertsAsync(n, SupervisionRules.FeeOnFreeItem));
    }

    [Fact]
    public async Task Deliver_NegativeFee_IsRefused()
    {
        using var host = new SupervisionHost();
        var n = await host.DecidedAsync();

        await Assert.ThrowsAsync<InvalidCommandException>(() => host.RunAsync(new Deliver(n, "window", host.Key(), Fee: -1m)));
    }
}
