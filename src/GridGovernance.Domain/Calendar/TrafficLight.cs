namespace GridGovernance.Domain.Calendar;

/// <summary>The time-left signal shown on every case and order.</summary>
public enum TrafficLight
{
    Green,  // 绿灯: on track
    Yellow, // 黄灯: less than 20% of the allowed time left
    Red,    // 红灯: overdue
}

public static class TrafficLights
{
    public static string Chinese(this TrafficLight light) => light switch
    {
        TrafficLight.Green => "绿灯",
        TrafficLight.Yellow => "黄灯",
        TrafficLight.Red => "红灯",
        _ => throw new ArgumentOutOfRangeException(nameof(light)),
    };

    public static string Code(this TrafficLight light) => light switch
    {
        TrafficLight.Green => "green",
        TrafficLight.Yellow => "yellow",
        TrafficLight.Red => "red",
        _ => throw new ArgumentOutOfRangeException(nameof(light)),
    };
}
