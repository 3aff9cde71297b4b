from st2common.runners.base_action import Action


class Broken(Action):
    def run(self)
        return 1
